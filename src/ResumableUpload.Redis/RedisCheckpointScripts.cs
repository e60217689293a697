namespace ResumableUpload.Redis;

/// <summary>
/// The Lua scripts that make each write atomic with its fencing check: a write happens only while the lease key still
/// holds this holder's value (its random token, a newline, then its <see cref="LeaseHolder"/>; the value never changes
/// while held, so comparing it whole is comparing the token). Results: 1 done, <see cref="LeaseLost"/>, <see cref="NoCheckpoint"/>.
/// </summary>
internal static class RedisCheckpointScripts
{
    public const int Done = 1;
    public const int LeaseLost = -1;
    public const int NoCheckpoint = -2;

    /// <summary>The hash field of the header record; part records live in fields named by their decimal part number.</summary>
    public const string HeaderField = "h";

    /// <summary>KEYS: hash, lease. ARGV: token, header record, TTL in ms (0 = none). Replaces the checkpoint with an empty ledger.</summary>
    public const string Create = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'h', ARGV[2])
        if ARGV[3] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
        return 1
        """;

    /// <summary>KEYS: hash, lease. ARGV: token, part field, part record, TTL in ms (0 = none). One field per part: O(1), idempotent.</summary>
    public const string Commit = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
        if redis.call('HEXISTS', KEYS[1], 'h') == 0 then return -2 end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        if ARGV[4] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
        return 1
        """;

    /// <summary>KEYS: hash, lease. ARGV: token.</summary>
    public const string Delete = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    /// <summary>KEYS: lease. ARGV: token, lease duration in ms. Compare-and-pexpire: 1 renewed, 0 lost.</summary>
    public const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    /// <summary>
    /// KEYS: lease. ARGV: the dead holder's value, this holder's value, lease duration in ms. Compare-and-set: the lease
    /// changes hands only if it still holds the value the successor judged dead, so of two successors one wins. 1 taken, 0 not.
    /// </summary>
    public const string TakeOver = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
        return 0
        """;

    /// <summary>KEYS: lease. ARGV: token. Compare-and-delete, so a holder never releases a lease taken over from it.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
