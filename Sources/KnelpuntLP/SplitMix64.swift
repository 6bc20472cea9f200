// SPDX-License-Identifier: GPL-3.0-or-later

/// The project's one seeded random source: SplitMix64 (Steele, Lea and Flood 2014). Its output
/// is the same on every platform and Swift version (the standard library's generators make no
/// such promise), so generated instances, Monte Carlo sweeps and randomised tests repeat
/// exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream number `index` of the seed `seed` (e.g. one per sweep member, so a
    /// member draws the same values whatever the others draw).
    public init(seed: UInt64, stream index: Int) {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1) from the top 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}
