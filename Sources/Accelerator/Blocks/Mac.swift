import HDL

/// MAC: `W x W` signed multiply, accumulate into the `A`-bit accumulator, bias preload.
/// `sum = acc + (enable ? weight * activation : 0)` is combinational so the PAU decides on the
/// new partial sum in the same cycle; `acc` takes `bias` on `load`, else `sum` when enabled.
final class Mac: Module {
    let load = Input(.bool)
    let bias: Signal
    let enable = Input(.bool)
    let weight: Signal
    let activation: Signal
    let sum: Signal
    let product: Signal
    let term: Signal
    let acc: Signal

    init(_ c: AcceleratorConfig) {
        let w = c.dataWidth, a = c.accumulatorWidth
        bias = Input(.sint(a))
        weight = Input(.sint(w))
        activation = Input(.sint(w))
        sum = Output(.sint(a))
        product = Wire(.sint(2 * w))
        term = Wire(.sint(a))
        acc = Reg(.sint(a), reset: 0)
        super.init()
        product.assign(weight * activation)
        term.assign(mux(enable, product.sext(to: a), lit(0, .sint(a))))
        sum.assign(acc + term)
        when(load) {
            acc.assign(bias)
        }.elsewhen(enable) {
            acc.assign(acc + term)
        }
    }
}
