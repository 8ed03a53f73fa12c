import Foundation

/// Errors of the estimation target. Every message is one line and names the place.
public enum EstimationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A table file is missing, unreadable or malformed (`file`: which table, `detail`: what is wrong).
    case badTable(file: String, detail: String)
    /// A component lies outside the characterised range of the table and extrapolation is off.
    case outOfRange(component: String, parameter: String, value: Int, range: ClosedRange<Int>, place: String)
    /// A component or count that makes no sense (non-positive width, negative count, ...).
    case invalidInput(place: String, detail: String)

    public var description: String {
        switch self {
        case let .badTable(file, detail):
            return "area/energy table \(file): \(detail)"
        case let .outOfRange(component, parameter, value, range, place):
            return "\(place): \(component) has \(parameter)=\(value), outside the characterised range "
                + "\(range.lowerBound)...\(range.upperBound) of the 45 nm table (re-run scripts/calibrate_area.sh "
                + "with that width, or estimate with extrapolation: .fitModel)"
        case let .invalidInput(place, detail):
            return "\(place): \(detail)"
        }
    }
}
