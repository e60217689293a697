namespace ResumableUpload.Hashing;

/// <summary>
/// Combines two CRCs of a reflected CRC with init and xorout all ones (CRC-64/XZ, CRC-64/NVME, CRC-32C):
/// crc(A‖B) = crc(A)·x^(8·|B|) mod P ⊕ crc(B). Works in GF(2) with polynomials in reflected bit order,
/// multiplying by precomputed x^(2^k) mod P, so a combine costs O(log |B|) multiplications.
/// </summary>
internal sealed class CrcCombiner
{
    private readonly ulong reflectedPolynomial;
    private readonly ulong one; // x^0 in reflected order: the top bit of the width
    private readonly ulong[] powers; // powers[k] = x^(2^k) mod P

    public CrcCombiner(int width, ulong reflectedPolynomial)
    {
        if (width is not (32 or 64))
        {
            throw new ArgumentOutOfRangeException(nameof(width));
        }

        this.reflectedPolynomial = reflectedPolynomial;
        one = 1UL << (width - 1);

        // Exponents up to 8·long.MaxValue bits need k up to 66.
        powers = new ulong[67];
        powers[0] = one >> 1; // x^1
        for (var k = 1; k < powers.Length; k++)
        {
            powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        }
    }

    public ulong Combine(ulong crcA, ulong crcB, long lengthB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthB);
        return lengthB == 0 ? crcA : Multiply(XPowerOfEightTimes(lengthB), crcA) ^ crcB;
    }

    // x^(8·n) mod P.
    private ulong XPowerOfEightTimes(long n)
    {
        var p = one;
        var k = 3; // 8 = 2^3
        for (var m = (ulong)n; m != 0; m >>= 1, k++)
        {
            if ((m & 1) != 0)
            {
                p = Multiply(powers[k], p);
            }
        }

        return p;
    }

    // a·b mod P, reflected order.
    private ulong Multiply(ulong a, ulong b)
    {
        ulong product = 0;
        for (var m = one; m != 0; m >>= 1)
        {
            if ((a & m) != 0)
            {
                product ^= b;
                if ((a & (m - 1)) == 0)
                {
                    break;
                }
            }

            b = (b & 1) != 0 ? (b >> 1) ^ reflectedPolynomial : b >> 1;
        }

        return product;
    }
}
