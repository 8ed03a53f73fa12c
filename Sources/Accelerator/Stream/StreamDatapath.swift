import HDL

/// The stream lane's multiply-accumulate: `sum = acc + weight × activation` (full `2W`-bit
/// product, sign-extended to the `A`-bit accumulator). Combinational; the lane keeps the
/// accumulators.
final class StreamMac: Module {
    let acc: Signal
    let weight: Signal
    let activation: Signal
    let sum: Signal
    let product: Signal

    init(_ c: StreamConfig) {
        let w = c.dataWidth, a = c.accumulatorWidth
        acc = Input(.sint(a))
        weight = Input(.sint(w))
        activation = Input(.sint(w))
        sum = Output(.sint(a))
        product = Wire(.sint(2 * w))
        super.init()
        product.assign(weight * activation)
        sum.assign(acc + product.sext(to: a))
    }
}

/// The stream lane's PAU: rule 1 (`specEnd` and `sum ≤ Th`: predicted zero) and rule 2
/// (`signCheck` and `sum < 0`), the op's flags coming with it in the stream. Combinational.
final class StreamPau: Module {
    let sum: Signal
    let threshold: Signal
    let signCheck = Input(.bool)
    let specEnd = Input(.bool)
    let zeroed = Output(.bool)

    init(_ c: StreamConfig) {
        let a = c.accumulatorWidth
        sum = Input(.sint(a))
        threshold = Input(.sint(a))
        super.init()
        zeroed.assign((specEnd && sum <= threshold) || (signCheck && sum[a - 1]))
    }
}
