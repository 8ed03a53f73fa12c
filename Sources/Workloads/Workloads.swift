import Foundation
import Golden

/// Real workloads: SqueezeNet and digits loaders, quantisation, training and the (Th, N) tuner.
public enum Workloads {
    public static let version = "0.1.0"
}
