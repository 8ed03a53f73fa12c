/// What one simulator run reported for one tile.
public struct TileResult: Sendable, Equatable {
    /// Cycles from the edge sampling `start` through the edge after which `done` read high.
    public var cycles: Int
    /// `outputs[j][q]`: PE `j`'s output buffer word `q` (sign-extended from `W` bits).
    public var outputs: [[Int32]]
}

/// A parsed result file.
public struct SimulationResult: Sendable, Equatable {
    public var tiles: [TileResult]
    /// Clock edges simulated in total (load, compute and reset).
    public var edges: Int
}

/// A simulator reported an error, or its output could not be parsed.
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "simulation: \(message)" }
}

extension SimulationResult {
    /// Parses the harness's stdout for `tiles` (used for the expected PE/read shape).
    ///
    /// Strict: every tile needs its `cycles` line and one `out` line for every address of every
    /// PE's work list (the stimulus reads exactly those), no address twice, one `edges` line at the
    /// end; any other line is an error, except Icarus's `…: $finish called at …` notice. A missing
    /// output therefore fails the run instead of reading as 0.
    public static func parse(_ text: String, tiles: [HardwareTile], config: AcceleratorConfig) throws -> SimulationResult {
        var result = SimulationResult(tiles: [], edges: -1)
        var seen: [[Bool]] = []  // seen[pe][addr] of the current tile
        var t = -1
        let w = config.dataWidth
        /// Throws unless every output of the current tile arrived.
        func checkComplete(_ n: Int) throws {
            guard t >= 0 else { return }
            for (pe, row) in seen.enumerated() {
                if let addr = row.firstIndex(of: false) {
                    throw SimulationError("result line \(n): tile \(t) PE \(pe) output address \(addr) was never reported "
                        + "(\(row.filter { !$0 }.count) of \(row.count) missing)")
                }
            }
        }
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let parts = raw.split(separator: " ")
            guard let head = parts.first else { continue }  // a line of blanks
            // Icarus prints "<file>:<line>: $finish called at <time> (<unit>)" when the testbench ends
            if raw.contains(": $finish called at ") { continue }
            guard result.edges < 0 || head == "error" else {
                throw SimulationError("result line \(n + 1): '\(raw)' after the 'edges' line")
            }
            switch head {
            case "cycles":
                guard parts.count == 2, let c = Int(parts[1]), c >= 0 else { throw SimulationError("result line \(n + 1): bad '\(raw)'") }
                try checkComplete(n + 1)
                t += 1
                guard t < tiles.count else { throw SimulationError("result line \(n + 1): more tiles than stimulated") }
                result.tiles.append(TileResult(cycles: c, outputs: tiles[t].workLists.map { [Int32](repeating: 0, count: $0.count) }))
                seen = tiles[t].workLists.map { [Bool](repeating: false, count: $0.count) }
            case "out":
                guard parts.count == 4, let pe = Int(parts[1]), let addr = Int(parts[2]), let raw = UInt64(parts[3]),
                      t >= 0, pe >= 0, pe < result.tiles[t].outputs.count, addr >= 0,
                      addr < result.tiles[t].outputs[pe].count
                else { throw SimulationError("result line \(n + 1): bad '\(raw)'") }
                guard !seen[pe][addr] else {
                    throw SimulationError("result line \(n + 1): tile \(t) PE \(pe) output address \(addr) reported twice")
                }
                seen[pe][addr] = true
                let shift = UInt64(64 - w)
                result.tiles[t].outputs[pe][addr] = Int32(truncatingIfNeeded: Int64(bitPattern: raw << shift) >> Int64(shift))
            case "edges":
                guard parts.count == 2, let e = Int(parts[1]), e >= 0 else { throw SimulationError("result line \(n + 1): bad '\(raw)'") }
                try checkComplete(n + 1)
                result.edges = e
            case "error":
                throw SimulationError(String(raw))
            default:
                throw SimulationError("result line \(n + 1): unknown line '\(raw)'")
            }
        }
        guard result.tiles.count == tiles.count else {
            throw SimulationError("simulator reported \(result.tiles.count) of \(tiles.count) tiles")
        }
        guard result.edges >= 0 else { throw SimulationError("simulator output ended early (no 'edges' line)") }
        return result
    }
}
