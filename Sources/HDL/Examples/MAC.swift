/// Example: a signed multiplier (a submodule) producing the full `2W`-bit product.
public final class Multiplier: Module {
    public let width: Int
    public let a: Signal
    public let b: Signal
    public let product: Signal

    public init(width: Int) {
        self.width = width
        a = Input(.sint(width))
        b = Input(.sint(width))
        product = Output(.sint(2 * width))
        super.init()
        product.assign(a * b)
    }

    public override var parameters: KeyValuePairs<String, Any> { ["W": width] }
}

/// Example: a multiply-accumulate unit. `acc` (`accWidth` bits, signed) is loaded with
/// `bias` on `load`, and adds the sign-extended product `a * b` when `valid`.
public final class MAC: Module {
    public let width: Int
    public let accWidth: Int
    public let valid = Input(.bool)
    public let load = Input(.bool)
    public let a: Signal
    public let b: Signal
    public let bias: Signal
    public let acc: Signal
    let mul: Multiplier
    let sum: Signal

    public init(width: Int, accWidth: Int) {
        self.width = width
        self.accWidth = accWidth
        a = Input(.sint(width))
        b = Input(.sint(width))
        bias = Input(.sint(accWidth))
        acc = Output(.sint(accWidth))
        mul = instance(Multiplier(width: width))
        sum = Reg(.sint(accWidth), reset: 0)
        super.init()
        mul.a.assign(a)
        mul.b.assign(b)
        when(load) {
            sum.assign(bias)
        }.elsewhen(valid) {
            sum.assign(sum + mul.product.sext(to: accWidth))
        }
        acc.assign(sum)
    }

    public override var parameters: KeyValuePairs<String, Any> { ["W": width, "A": accWidth] }
}
