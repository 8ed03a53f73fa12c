/// The early-sign-resolution penalty of SnaPEA-aware training (issue 9).
///
/// Predictive mode runs a kernel's `N` largest-magnitude weights first and predicts the output
/// zero when that partial sum is `<= Th`. The penalty trains for this order directly: for every
/// conv output `z` that ends negative, it takes the partial sum `s_N = bias + Σ_{N largest |w|} w·x`
/// (the speculation ops of the largest-magnitude strategy, ties by tap index like the golden
/// compiler) and adds `λ · mean(max(0, s_N + margin))`, pushing the preview of a negative output
/// clearly below zero; optionally (`positiveWeight` > 0) outputs that end positive pay
/// `λ · positiveWeight · mean(max(0, margin − s_N))`, so that a threshold separates the two.
/// The sign of `z` selects the term and is treated as a constant of the sample (like ReLU's gate).
///
/// The *preview sparsity* term (`previewSparsity` > 0) works the other way round: outputs whose
/// preview `s_N` is `<= 0` (the ones a threshold of 0 would predict zero) pay
/// `λ_p · mean(max(0, z + margin))`, so the outputs the preview calls negative end negative and
/// the ones the network needs keep a positive preview.
public enum SignResolutionPenalty {
    /// 1 for the `count` largest-magnitude nonzero weights of each kernel (ties: lower tap index
    /// first), 0 elsewhere; same layout as `layer.weights`.
    public static func speculationMask(_ layer: FloatConvLayer, count: Int) -> [Float] {
        let k = layer.kernelOps
        var mask = [Float](repeating: 0, count: layer.weights.count)
        guard count > 0 else { return mask }
        for oc in 0..<layer.outChannels {
            let base = oc * k
            let taps = (0..<k).filter { layer.weights[base + $0] != 0 }.sorted { a, b in
                let ma = abs(layer.weights[base + a]), mb = abs(layer.weights[base + b])
                return ma != mb ? ma > mb : a < b
            }
            for t in taps.prefix(count) { mask[base + t] = 1 }
        }
        return mask
    }

    /// Adds the penalty's gradient for one layer and one sample.
    ///
    /// - `z`: the layer's pre-activation outputs for `input` (decides which term applies).
    /// - `dW`, `dB`: the layer's weight and bias gradients (accumulated, `scale ×`).
    /// - `dInput`: accumulated gradient of the layer's input (empty: not wanted).
    /// - `dZ`: accumulated gradient of the layer's pre-activations (the preview sparsity term);
    ///   the caller back-propagates it through the layer afterwards.
    /// Returns the penalty value (unscaled, already multiplied by the strengths).
    public static func accumulate(_ layer: FloatConvLayer, input: [Float], side: Int, z: [Float],
                                  count: Int, margin: Float, positiveWeight: Float, lambda: Float,
                                  previewSparsity: Float = 0, scale: Float,
                                  dZ: inout [Float], dW: inout [Float], dB: inout [Float], dInput: inout [Float]) -> Double {
        guard lambda > 0 || previewSparsity > 0, count > 0, !z.isEmpty else { return 0 }
        let mask = speculationMask(layer, count: count)
        var masked = layer
        for i in 0..<masked.weights.count { masked.weights[i] *= mask[i] }
        let s = ConvMath.forward(masked, input: input, side: side)
        var previewSum: Float = 0
        if previewSparsity > 0 {
            let gp = previewSparsity / Float(z.count) * scale
            for i in 0..<s.count where s[i] <= 0 && z[i] + margin > 0 {
                dZ[i] += gp
                previewSum += z[i] + margin
            }
        }
        var resolutionSum: Float = 0
        if lambda > 0 {
            let g = lambda / Float(z.count) * scale
            var dS = [Float](repeating: 0, count: s.count)
            var any = false
            for i in 0..<s.count {
                if z[i] < 0 {
                    if s[i] + margin > 0 { dS[i] = g; resolutionSum += s[i] + margin; any = true }
                } else if positiveWeight > 0 && margin - s[i] > 0 {
                    dS[i] = -g * positiveWeight
                    resolutionSum += positiveWeight * (margin - s[i])
                    any = true
                }
            }
            if any {
                var dWm = [Float](repeating: 0, count: layer.weights.count)
                let dIn = ConvMath.backward(masked, input: input, side: side, dOut: dS, dW: &dWm, dB: &dB,
                                            wantInputGradient: !dInput.isEmpty)
                for i in 0..<dW.count where mask[i] != 0 { dW[i] += dWm[i] }
                for i in 0..<dInput.count { dInput[i] += dIn[i] }
            }
        }
        return Double((lambda * resolutionSum + previewSparsity * previewSum) / Float(z.count))
    }
}
