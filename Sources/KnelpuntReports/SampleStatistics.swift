// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Mean, spread and extremes of one output over the n samples of a sweep, in sample order.
///
///     mean  x̄ = Σ xᵢ / n
///     σ     s = √(Σ (xᵢ − x̄)² / (n − 1))                  (the sample standard deviation)
///     95 %  x̄ ± t(0.975; n − 1) · s / √n                   (Student t interval for the mean)
///
/// `minSample` and `maxSample` are positions in the values (the first one on ties). Sums run in
/// sample order, so the figures depend on the values and their order only.
public struct SampleSummary: Sendable, Hashable {
    public var count: Int
    public var mean: Double
    /// `nil` for a single sample (n − 1 = 0).
    public var standardDeviation: Double?
    /// The 95 % interval of the mean; `nil` for a single sample.
    public var meanLow: Double?
    public var meanHigh: Double?
    public var min: Double
    public var minSample: Int
    public var max: Double
    public var maxSample: Int

    /// `nil` when `values` is empty.
    public init?(_ values: [Double]) {
        guard let first = values.first else { return nil }
        count = values.count
        var sum = 0.0
        var low = (value: first, sample: 0)
        var high = (value: first, sample: 0)
        for (sample, value) in values.enumerated() {
            sum += value
            if value < low.value { low = (value, sample) }
            if value > high.value { high = (value, sample) }
        }
        let mean = sum / Double(count)
        self.mean = mean
        (min, minSample, max, maxSample) = (low.value, low.sample, high.value, high.sample)
        guard count > 1 else { return }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let deviation = (squares / Double(count - 1)).squareRoot()
        let half = StudentT.quantile(0.975, degreesOfFreedom: Double(count - 1)) * deviation / Double(count).squareRoot()
        standardDeviation = deviation
        meanLow = mean - half
        meanHigh = mean + half
    }
}

/// Student's t distribution with ν degrees of freedom.
public enum StudentT {
    /// P(T ≤ t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (and by symmetry below 0), with I the
    /// regularized incomplete beta function.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = 0.5 * incompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile (0.5 ≤ p < 1) by bisection on ``cdf(_:degreesOfFreedom:)`` to the
    /// resolution of a double: t(0.975; 1) = 12.706205, t(0.975; 9) = 2.262157, → 1.959964 as ν → ∞.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p >= 0.5 && p < 1 && nu > 0, "StudentT.quantile needs 0.5 ≤ p < 1 and ν > 0")
        var low = 0.0
        var high = 1.0
        while cdf(high, degreesOfFreedom: nu) < p { (low, high) = (high, 2 * high) }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            guard middle > low, middle < high else { break }
            if cdf(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// I_x(a, b) = B(x; a, b) / B(a, b), from its continued fraction (modified Lentz), using the
    /// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPower: Double = a * log(x) + b * log(1 - x)
        let front = exp(logPower - logBeta)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a: a, b: b) / a }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var fraction = d
        for step in 1...500 {
            let m = Double(step)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            fraction *= d * c
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let change = d * c
            fraction *= change
            if abs(change - 1) < 1e-16 { break }
        }
        return fraction
    }
}
