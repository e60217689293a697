using System.Diagnostics.CodeAnalysis;

// RS0027 guards adding optional-parameter overloads to an API that has shipped. Nothing has shipped yet
// (docs/DECISIONS.md 20); this pre-1.0 overload set is reviewed before the surface moves to
// PublicAPI.Shipped.txt. The rule stays on for every other member.
[assembly: SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "Pre-1.0 overload set; DECISIONS 20.", Scope = "member", Target = "~M:Microsoft.Extensions.DependencyInjection.S3TargetBuilderExtensions.UseS3Target(ResumableUpload.IResumableUploadBuilder,System.Action{ResumableUpload.S3.S3TargetOptions})~ResumableUpload.IResumableUploadBuilder")]
[assembly: SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "Pre-1.0 overload set; DECISIONS 31.", Scope = "member", Target = "~M:ResumableUpload.S3.S3MultipartTarget.CompleteAsync(ResumableUpload.ObjectLocation,System.String,System.Collections.Generic.IReadOnlyList{ResumableUpload.PartRecord},ResumableUpload.PartChecksums,System.Threading.CancellationToken)~System.Threading.Tasks.Task{ResumableUpload.CompletedObject}")]
