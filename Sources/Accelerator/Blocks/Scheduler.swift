import HDL

/// Scheduler of one PE: hands out work-list entries to lanes.
///
/// A lane is free in a cycle when it is idle or stops in this cycle (every lane is free in the
/// cycle that samples `start`). Free lanes take the next entries in lane-index order: lane `l`
/// gets entry `first + (free lanes below l)` if that is below the work-list length, where
/// `first` is 0 on `start`, else the `next` register, which advances by the number taken.
final class Scheduler: Module {
    let start = Input(.bool)
    let free: [Signal]
    let length: Signal
    let take: [Signal]
    let entryIndex: [Signal]
    let running = Output(.bool)
    let exhausted = Output(.bool)

    let next: Signal
    let active = Reg(.bool, reset: 0)
    let first: Signal
    let freeNow: [Signal]
    let prefix: [Signal]
    let index: [Signal]
    let taken: Signal

    init(_ c: AcceleratorConfig) {
        let k = c.lanesPerPE, n = c.workCountWidth, oa = c.workAddressWidth
        let pw = bitsFor(k), iw = n + pw
        free = (0..<k).map { _ in Input(.bool) }
        length = Input(.uint(n))
        take = (0..<k).map { _ in Output(.bool) }
        entryIndex = (0..<k).map { _ in Output(.uint(oa)) }
        next = Reg(.uint(n), reset: 0)
        first = Wire(.uint(iw))
        freeNow = (0..<k).map { _ in Wire(.bool) }
        prefix = (0..<k).map { _ in Wire(.uint(iw)) }
        index = (0..<k).map { _ in Wire(.uint(iw)) }
        taken = Wire(.uint(iw))
        super.init()

        first.assign(mux(start, lit(0, .uint(n)), next).zext(to: iw))
        for l in 0..<k {
            freeNow[l].assign(start || free[l])
            prefix[l].assign(l == 0 ? lit(0, .uint(iw)) : prefix[l - 1] + freeNow[l - 1].zext(to: iw))
            index[l].assign(first + prefix[l])
            take[l].assign(freeNow[l] && index[l] < length.zext(to: iw))
            entryIndex[l].assign(index[l].trunc(to: oa))
        }
        taken.assign(take.dropFirst().reduce(take[0].zext(to: iw)) { $0 + $1.zext(to: iw) })
        next.assign((first + taken).trunc(to: n))
        running.assign(active)
        exhausted.assign(next == length)
        when(start) { active.assign(1) }
    }
}
