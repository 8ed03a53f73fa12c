import Foundation
import Golden
import Workloads

/// `--table FILE`: the per-kernel (Th, N) table that `snapea tune --out` writes, consumed by the
/// commands that run the accelerator model or the RTL (`simulate`, `cosim`).
let predictiveTableOption = OptionSpec.value(
    "table", "FILE", "predictive-mode table written by `snapea tune --out` (adds predictive mode with its (Th, N))")

/// The plans of the `--table` file, one per tunable layer of `workload`, or `nil` without `--table`.
///
/// The file is untrusted: its size is checked before it is read, then `PredictiveTable.decode`
/// validates its structure and `validate(against:)` checks that every layer name, kernel count and
/// op list is what the golden compiler produces for this network (a table tuned for another
/// network, or edited by hand, is rejected with the layer and field).
func predictiveTablePlans(_ args: ParsedArguments, workload: EvaluationWorkload) throws -> [LayerPlan]? {
    try predictiveTablePlans(args, layers: workload.layers)
}

/// The plans of the `--table` file for the tunable `layers` of a network (see above).
func predictiveTablePlans(_ args: ParsedArguments, layers: [QuantizedConv]) throws -> [LayerPlan]? {
    guard let path = args.value("table") else { return nil }
    let url = URL(fileURLWithPath: path)
    let size: Int
    do {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw CLIError.failure("--table: \(path) is not a regular file")
        }
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    } catch let e as CLIError {
        throw e
    } catch {
        throw CLIError.failure("--table: cannot read \(path) (no such file?)")
    }
    guard size <= PredictiveTable.maxFileBytes else {
        throw CLIError.failure("--table: \(path) has \(size) bytes, larger than the \(PredictiveTable.maxFileBytes)-byte limit")
    }
    do {
        let table = try PredictiveTable.decode(try Data(contentsOf: url), fileName: url.lastPathComponent)
        try table.validate(against: layers)
        return table.plans
    } catch let e as PredictiveTableError {
        throw CLIError.failure("--table: \(e.description)")
    } catch let e as LayerError {
        throw CLIError.failure("--table: \(e.description)")
    } catch {
        throw CLIError.failure("--table: cannot read \(path): \(error.localizedDescription)")
    }
}
