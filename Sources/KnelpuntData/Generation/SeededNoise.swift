// SPDX-License-Identifier: GPL-3.0-or-later
import KnelpuntLP

/// The instance generator's draws from the project's seeded generator.
extension SplitMix64 {
    /// Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin–Hall; mean 0,
    /// variance 1, values within ±6). Only additions, so it is bit-for-bit reproducible.
    mutating func normal() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += uniform() }
        return sum - 6
    }

    /// FNV-1a hash of `text`'s UTF-8 bytes (stable, unlike `Hasher`), to give each profile its
    /// own stream.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }
}

/// A first-order autoregressive noise factor: ε_0 ~ N(0,1), ε_t = φ·ε_{t−1} + √(1−φ²)·η_t with
/// η_t ~ N(0,1), so every ε_t is N(0,1) and neighbouring slices are correlated by φ. The factor
/// applied to a profile value in a slice standing for w hours is 1 + (σ/√w)·ε_t: such a slice is
/// the mean of w hours on different days, taken as independent.
struct AR1Noise {
    var persistence: Double
    var amplitude: Double
    private var random: SplitMix64
    private var previous: Double?

    init(persistence: Double, amplitude: Double, seed: UInt64) {
        self.persistence = persistence
        self.amplitude = amplitude
        random = SplitMix64(seed: seed)
    }

    /// The next factor 1 + (σ/√w)·ε_t for a slice standing for `hours` = w hours (w ≥ 1).
    mutating func nextFactor(hours: Double) -> Double {
        let shock = random.normal()
        let value = previous.map { persistence * $0 + (1 - persistence * persistence).squareRoot() * shock } ?? shock
        previous = value
        return 1 + amplitude / max(1, hours).squareRoot() * value
    }
}
