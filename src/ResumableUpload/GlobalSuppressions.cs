using System.Diagnostics.CodeAnalysis;

// RS0027 guards adding optional-parameter overloads to an API that has shipped. Nothing has shipped yet
// (docs/DECISIONS.md 20); the complete overload that takes the object's properties (DECISIONS 31) keeps the shipped
// optional token on the older overload. The rule stays on for every other member.
[assembly: SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "Pre-1.0 overload set; DECISIONS 31.", Scope = "member", Target = "~M:ResumableUpload.IMultipartTarget.CompleteAsync(ResumableUpload.ObjectLocation,System.String,System.Collections.Generic.IReadOnlyList{ResumableUpload.PartRecord},ResumableUpload.PartChecksums,System.Threading.CancellationToken)~System.Threading.Tasks.Task{ResumableUpload.CompletedObject}")]
[assembly: SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "Pre-1.0 overload set; DECISIONS 31.", Scope = "member", Target = "~M:ResumableUpload.RetryingMultipartTarget.CompleteAsync(ResumableUpload.ObjectLocation,System.String,System.Collections.Generic.IReadOnlyList{ResumableUpload.PartRecord},ResumableUpload.PartChecksums,System.Threading.CancellationToken)~System.Threading.Tasks.Task{ResumableUpload.CompletedObject}")]
