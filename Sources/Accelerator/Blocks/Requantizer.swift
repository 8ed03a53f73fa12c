import HDL

/// Requantiser: `min(2^(W-1) - 1, s > 0 ? (max(a,0) + 2^(s-1)) >> s : max(a,0))`, computed as
/// `((max(a,0) >> (s-1)) + 1) >> 1` for `s > 0` (the same value, no wide rounding constant).
final class Requantizer: Module {
    let acc: Signal
    let shift: Signal
    let result: Signal
    let positive: Signal
    let halved: Signal
    let rounded: Signal
    let saturate = Wire(.bool)

    init(_ c: AcceleratorConfig) {
        let a = c.accumulatorWidth, w = c.dataWidth, sw = c.shiftWidth
        acc = Input(.sint(a))
        shift = Input(.uint(sw))
        result = Output(.uint(w))
        positive = Wire(.uint(a))
        halved = Wire(.uint(a))
        rounded = Wire(.uint(a))
        super.init()
        positive.assign(mux(acc[a - 1], lit(0, .uint(a)), acc.asUInt))
        halved.assign(positive >> (shift - 1))
        rounded.assign(mux(shift == 0, positive, (halved + 1) >> 1))
        saturate.assign(rounded[a - 1, w - 1] != 0)
        result.assign(mux(saturate, lit((1 << (w - 1)) - 1, .uint(w)), rounded[w - 1, 0]))
    }
}
