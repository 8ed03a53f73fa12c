/// Example: a `width`-bit counter with enable and synchronous clear; `wrap` pulses when the
/// counter rolls over from all ones to zero.
public final class Counter: Module {
    /// Counter width in bits.
    public let width: Int
    public let enable = Input(.bool)
    public let clear = Input(.bool)
    public let count: Signal
    public let wrap = Output(.bool)
    let value: Signal

    public init(width: Int) {
        self.width = width
        count = Output(.uint(width))
        value = Reg(.uint(width), reset: 0)
        super.init()
        wrap.assign(lit(false))
        when(clear) {
            value.assign(0)
        }.elsewhen(enable) {
            value.assign(value + 1)
            when(value == (1 << width) - 1) { wrap.assign(lit(true)) }
        }
        count.assign(value)
    }

    public override var parameters: KeyValuePairs<String, Any> { ["W": width] }
}
