import Foundation

/// 45 nm area/energy/power estimation.
public enum Estimation {
    public static let version = "0.1.0"
}
