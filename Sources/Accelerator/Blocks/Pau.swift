import HDL

/// PAU (prediction activation unit): on the new partial sum `sum` of op `opIndex`, fires
/// `terminate` (output 0) when
/// 1. the threshold check is on, `N >= 1`, `opIndex == N - 1` and `sum <= Th`, or
/// 2. the sign check is on, `opIndex >= C` and `sum < 0`.
/// Purely combinational; absent in the baseline (`withPAU == false`).
final class Pau: Module {
    let enable = Input(.bool)
    let signCheck = Input(.bool)
    let thresholdCheck = Input(.bool)
    let opIndex: Signal
    let checkFrom: Signal
    let specN: Signal
    let threshold: Signal
    let sum: Signal
    let terminate = Output(.bool)
    let executed: Signal
    let predicted = Wire(.bool)
    let negative = Wire(.bool)

    init(_ c: AcceleratorConfig) {
        let a = c.accumulatorWidth, cw = c.opCountWidth
        opIndex = Input(.uint(cw))
        checkFrom = Input(.uint(cw))
        specN = Input(.uint(cw))
        threshold = Input(.sint(a))
        sum = Input(.sint(a))
        executed = Wire(.uint(cw))
        super.init()
        executed.assign(opIndex + 1)
        predicted.assign(enable && thresholdCheck && specN != 0 && executed == specN && sum <= threshold)
        negative.assign(enable && signCheck && opIndex >= checkFrom && sum[a - 1])
        terminate.assign(predicted || negative)
    }
}
