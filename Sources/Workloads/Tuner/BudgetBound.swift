#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The statistical acceptance rule of the global optimiser.
///
/// A setting is accepted when the one-sided Clopper–Pearson upper confidence bound of its
/// *harm rate* — harmed calibration inputs / calibration inputs — is within the budget.
/// "Harmed" = classified correctly by the exact network and wrongly with prediction (labels known),
/// or, without labels, top-1 changed against the exact network. The accuracy loss on any data is
/// at most the harm rate, so with probability ≈ `confidence` the unseen-data loss stays within the
/// budget (the search looks at several settings, which is why the confidence is kept high).
public enum BudgetBound {
    /// `P(X <= k)` for `X ~ Binomial(n, p)` (log-space terms, exact enough for n ≤ 10⁶).
    public static func binomialCDF(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        // log of term i: log C(n,i) + i log p + (n-i) log(1-p), built up term by term.
        var sum = 0.0
        let lp = log(p), lq = log1p(-p)
        var lt = Double(n) * lq
        for i in 0...k {
            if i > 0 { lt += log(Double(n - i + 1) / Double(i)) + lp - lq }
            sum += exp(lt)
        }
        return min(1, sum)
    }

    /// One-sided Clopper–Pearson upper bound: the `p` with `P(X <= k; n, p) = 1 - confidence`
    /// (1 when `k >= n`), found by bisection.
    public static func upperBound(harmed k: Int, of n: Int, confidence: Double) -> Double {
        precondition(n > 0 && confidence > 0 && confidence < 1, "BudgetBound.upperBound: need n > 0 and 0 < confidence < 1")
        if k >= n { return 1 }
        var lo = Double(k) / Double(n), hi = 1.0
        for _ in 0..<80 {
            let mid = (lo + hi) / 2
            if binomialCDF(k, n, mid) > 1 - confidence { lo = mid } else { hi = mid }
        }
        return hi
    }

    /// The largest harm count whose upper bound is within `budget` (−1 if even 0 is not).
    public static func allowedHarm(budget: Double, of n: Int, confidence: Double) -> Int {
        var k = -1
        while k + 1 < n && upperBound(harmed: k + 1, of: n, confidence: confidence) <= budget { k += 1 }
        return k
    }
}
