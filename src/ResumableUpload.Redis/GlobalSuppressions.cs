using System.Diagnostics.CodeAnalysis;

// RS0026 guards adding optional-parameter overloads to an API that has shipped. Nothing has shipped yet
// (docs/DECISIONS.md 20); these pre-1.0 constructors differ in the first parameter's type and are reviewed
// before the surface moves to PublicAPI.Shipped.txt. The rule stays on for every other member.
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Pre-1.0 overload set; DECISIONS 20.", Scope = "member", Target = "~M:ResumableUpload.Redis.RedisCheckpointStore.#ctor(StackExchange.Redis.IConnectionMultiplexer,ResumableUpload.Redis.RedisCheckpointStoreOptions,System.TimeProvider)")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Pre-1.0 overload set; DECISIONS 20.", Scope = "member", Target = "~M:ResumableUpload.Redis.RedisCheckpointStore.#ctor(ResumableUpload.Redis.RedisCheckpointStoreOptions,System.TimeProvider)")]
