/// A random module for differential fuzzing: inputs, registers (sync or async reset, optional
/// enable), an optional memory (several read and write ports), and a random DAG of operators
/// over mixed widths and signedness (arithmetic, logic, comparisons, shifts, slices,
/// concatenation, extensions, muxes, `when` chains). Fully determined by `seed`.
public final class RandomCase: Module {
    public let seed: UInt64
    /// Input ports (types chosen by the seed).
    public private(set) var ins: [Signal] = []
    /// Output ports.
    public private(set) var outs: [Signal] = []
    var regs: [Signal] = []
    var wires: [Signal] = []
    var mem: Memory?
    let async: Bool

    public override var parameters: KeyValuePairs<String, Any> { ["S": seed] }
    public override var resetKind: ResetKind? { async ? .async : .sync }

    /// Builds the random module for `seed`; `nodes` is the approximate operator count.
    /// (One design should not mix sync and async reset: Verilator reports SYNCASYNCNET.)
    public init(seed: UInt64, nodes: Int = 14, asyncReset: Bool = false) {
        self.seed = seed
        var g = Gen(rng: SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 17))
        async = asyncReset
        super.init()
        g.build(self, nodes: nodes)
    }

    /// The expression builder.
    struct Gen {
        var rng: SplitMix64
        var pool: [Signal] = []

        mutating func width() -> Int {
            let r = rng.below(100)
            if r < 60 { return 1 + rng.below(16) }
            if r < 90 { return 17 + rng.below(48) }
            return 65 + rng.below(66)
        }

        mutating func type() -> HWType { HWType(width: width(), isSigned: rng.chance(0.5)) }

        mutating func pick() -> Signal {
            // Prefer recent values so expressions get deep.
            if rng.chance(0.5) && pool.count > 4 { return pool[pool.count - 1 - rng.below(4)] }
            return pool[rng.below(pool.count)]
        }

        mutating func literal(_ t: HWType) -> Signal {
            var v = rng.bits(t.width)
            if rng.chance(0.3) { v = BitVector(width: t.width, value: rng.below(4) - (t.isSigned ? 2 : 0)) }
            return lit(bits: v, signed: t.isSigned)
        }

        /// Converts `x` to exactly type `t` with explicit extensions, truncations, slices, casts.
        mutating func coerce(_ x: Signal, _ t: HWType) -> Signal {
            var v = x
            if v.width < t.width {
                v = rng.chance(0.5) ? v.zext(to: t.width) : v.sext(to: t.width)
            } else if v.width > t.width {
                if rng.chance(0.5) {
                    v = v.trunc(to: t.width)
                } else {
                    let lo = rng.below(v.width - t.width + 1)
                    v = v[lo + t.width - 1, lo]
                }
            }
            if v.isSigned != t.isSigned { v = t.isSigned ? v.asSInt : v.asUInt }
            return v
        }

        mutating func bool() -> Signal {
            let x = pick()
            switch rng.below(4) {
            case 0: return x.orR()
            case 1: return x[rng.below(x.width)]
            case 2: return x.xorR()
            default: return x == coerce(pick(), x.type)
            }
        }

        mutating func operand(_ t: HWType) -> Signal {
            rng.chance(0.15) ? literal(t) : coerce(pick(), t)
        }

        mutating func op() -> Signal {
            var a = pick()
            if a.width > 120 { a = a.trunc(to: 64) }
            let t = a.type
            switch rng.below(22) {
            case 0: return a + operand(t)
            case 1: return a - operand(t)
            case 2:
                let bt = HWType(width: 1 + rng.below(max(1, min(64, 140 - a.width))), isSigned: t.isSigned)
                return a * operand(bt)
            case 3: return a & operand(t)
            case 4: return a | operand(t)
            case 5: return a ^ operand(t)
            case 6: return ~a
            case 7: return -a
            case 8:
                let b = operand(t)
                switch rng.below(6) {
                case 0: return a == b
                case 1: return a != b
                case 2: return a < b
                case 3: return a <= b
                case 4: return a > b
                default: return a >= b
                }
            case 9: return a << rng.below(a.width)
            case 10: return a >> rng.below(a.width)
            case 11:
                let amt = coerce(pick(), .uint(1 + rng.below(8)))
                return rng.chance(0.5) ? a << amt : a >> amt
            case 12:
                let lo = rng.below(a.width)
                let hi = lo + rng.below(a.width - lo)
                return a[hi, lo]
            case 13:
                var parts = [a]
                var w = a.width
                for _ in 0..<(1 + rng.below(2)) {
                    let p = pick()
                    if w + p.width > 140 { break }
                    parts.append(p)
                    w += p.width
                }
                if rng.chance(0.3) && w < 140 { parts.append(literal(.uint(1 + rng.below(min(8, 140 - w))))) }
                return cat(parts)
            case 14: return a.zext(to: a.width + rng.below(20))
            case 15: return a.sext(to: a.width + rng.below(20))
            case 16: return a.trunc(to: 1 + rng.below(a.width))
            case 17: return rng.chance(0.5) ? a.asSInt : a.asUInt
            case 18: return mux(bool(), a, operand(t))
            case 19:
                switch rng.below(3) {
                case 0: return a.andR()
                case 1: return a.orR()
                default: return a.xorR()
                }
            case 20:
                if rng.chance(0.5) { return a +& operand(t) }
                return a -& operand(t)
            default:
                let n = 2 + rng.below(4)
                let items = (0..<n).map { _ in operand(t) }
                return select(coerce(pick(), .uint(1 + rng.below(3))), items)
            }
        }

        mutating func build(_ m: RandomCase, nodes: Int) {
            let nIn = 1 + rng.below(4)
            for _ in 0..<nIn { m.ins.append(Input(type())) }
            pool = m.ins
            let nReg = rng.below(4)
            var regInfo: [(Signal, Signal?)] = []
            for _ in 0..<nReg {
                let t = type()
                let en: Signal? = rng.chance(0.3) ? Input(.bool) : nil
                if let e = en { m.ins.append(e) }
                let reset: BitVector? = rng.chance(0.7) ? rng.bits(t.width) : nil
                let r = Reg(t, resetValue: reset, enable: en)
                m.regs.append(r)
                regInfo.append((r, en))
                pool.append(r)
            }
            if rng.chance(0.35) {
                let depth = [2, 3, 4, 5, 8, 16][rng.below(6)]
                let mem = Mem(depth: depth, type: type())
                m.mem = mem
                for _ in 0..<(1 + rng.below(2)) {
                    let addr = coerce(pick(), .uint(mem.addrWidth))
                    if rng.chance(0.5) {
                        pool.append(mem.read(addr))
                    } else {
                        pool.append(mem.readSync(addr, enable: rng.chance(0.3) ? bool() : nil))
                    }
                }
            }
            for _ in 0..<nodes { pool.append(op()) }
            // A when chain driving a wire.
            if rng.chance(0.5) {
                let w = Wire(type())
                m.wires.append(w)
                w.assign(operand(w.type))
                when(bool()) {
                    w.assign(operand(w.type))
                }.elsewhen(bool()) {
                    if rng.chance(0.5) { w.assign(operand(w.type)) }
                }.otherwise {
                    if rng.chance(0.5) { w.assign(operand(w.type)) }
                }
                pool.append(w)
            }
            for _ in 0..<(1 + rng.below(2)) { pool.append(op()) }
            // Register next values (sometimes conditional).
            for (r, _) in regInfo {
                if rng.chance(0.4) {
                    let c = bool()
                    when(c) { r.assign(operand(r.type)) }
                } else {
                    r.assign(operand(r.type))
                }
            }
            if let mem = m.mem {
                for _ in 0..<(1 + rng.below(2)) {
                    let addr = coerce(pick(), .uint(mem.addrWidth))
                    let data = coerce(pick(), mem.type)
                    if rng.chance(0.4) {
                        let c = bool()
                        when(c) { mem.write(addr, data) }
                    } else {
                        mem.write(addr, data, enable: rng.chance(0.5) ? bool() : nil)
                    }
                }
            }
            for _ in 0..<(1 + rng.below(3)) {
                let x = rng.chance(0.6) ? pool[pool.count - 1 - rng.below(min(3, pool.count))] : pick()
                let o = Output(x.type)
                o.assign(x)
                m.outs.append(o)
            }
        }
    }
}

/// A top module with `cases` random submodules sharing four 130-bit stimulus inputs
/// (`in_0` … `in_3`); every case output is a top output `o_<case>_<k>`.
public final class FuzzTop: Module {
    /// Width of each shared stimulus input.
    public static let stimulusWidth = 130
    public let stimulus: [Signal]
    public let cases: [RandomCase]
    public private(set) var caseOutputs: [[Signal]] = []
    let firstSeed: UInt64

    public override var parameters: KeyValuePairs<String, Any> { ["S": firstSeed, "N": cases.count] }

    /// Cases use seeds `firstSeed ..< firstSeed + count`.
    public init(firstSeed: UInt64, count: Int, nodes: Int = 14, asyncReset: Bool = false) {
        self.firstSeed = firstSeed
        stimulus = (0..<4).map { Input(.uint(FuzzTop.stimulusWidth), name: "in_\($0)") }
        cases = (0..<count).map { instance(RandomCase(seed: firstSeed + UInt64($0), nodes: nodes, asyncReset: asyncReset)) }
        super.init()
        for (i, c) in cases.enumerated() {
            var rng = SplitMix64(seed: c.seed)
            for inp in c.ins {
                let src = stimulus[rng.below(4)]
                let lo = rng.below(FuzzTop.stimulusWidth - min(inp.width, FuzzTop.stimulusWidth) + 1)
                var v = src[lo + inp.width - 1, lo]
                if inp.isSigned { v = v.asSInt }
                inp.assign(v)
            }
            var outs: [Signal] = []
            for (k, o) in c.outs.enumerated() {
                let t = Output(o.type, name: "o_\(i)_\(k)")
                t.assign(o)
                outs.append(t)
            }
            caseOutputs.append(outs)
        }
    }
}
