namespace ResumableUpload;

/// <summary>
/// An object store that accepts an object in parts: initiate, upload parts (in any order, in parallel), complete
/// in part order, or abort. Implementations map their errors to <see cref="TargetException"/> with the right
/// <see cref="TargetErrorKind"/>, and never put credentials in messages or in <see cref="Identity"/>.
/// </summary>
/// <remarks>Run <c>ResumableUpload.Testing.MultipartTargetContractTests</c> against your own implementation.</remarks>
public interface IMultipartTarget
{
    /// <summary>Gets a stable, credential-free name of the target (scheme and endpoint, or root folder), part of the checkpoint key.</summary>
    string Identity { get; }

    /// <summary>Gets the target's limits and features.</summary>
    TargetCapabilities Capabilities { get; }

    /// <summary>Starts a multipart upload.</summary>
    /// <param name="location">The object.</param>
    /// <param name="properties">Content type and metadata of the object.</param>
    /// <param name="algorithm">The CRC algorithm the parts will carry.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The upload id.</returns>
    /// <exception cref="TargetException">The request failed.</exception>
    Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default);

    /// <summary>Uploads one part; the target verifies the checksums it supports.</summary>
    /// <param name="request">The part.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The stored part with its ETag.</returns>
    /// <exception cref="TargetException">The request failed; <see cref="TargetErrorKind.ChecksumMismatch"/> when the bytes do not match.</exception>
    Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the parts stored for an upload, in part-number order, paging through the target's listing.</summary>
    /// <param name="location">The object.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> when the upload does not exist.</exception>
    IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default);

    /// <summary>Assembles the parts, in the order given, into the object.</summary>
    /// <param name="location">The object.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="parts">Every part, ordered by part number, numbered from 1 without gaps.</param>
    /// <param name="objectCrc">The whole-object CRC combined from the part CRCs, for targets that verify it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object.</returns>
    /// <exception cref="TargetException">The request failed.</exception>
    Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Assembles the parts into the object, given the object's properties again for a target that must repeat some
    /// of them at complete (an S3 SSE-C key). The uploader calls this overload; by default it ignores <paramref name="properties"/>.
    /// </summary>
    /// <param name="location">The object.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="parts">Every part, ordered by part number, numbered from 1 without gaps.</param>
    /// <param name="objectCrc">The whole-object CRC combined from the part CRCs, for targets that verify it.</param>
    /// <param name="properties">The properties the upload was initiated with.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object.</returns>
    /// <exception cref="TargetException">The request failed.</exception>
    Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, ObjectProperties properties, CancellationToken cancellationToken)
        => CompleteAsync(location, uploadId, parts, objectCrc, cancellationToken);

    /// <summary>Aborts an upload and frees its parts. Never deletes a completed object.</summary>
    /// <param name="location">The object.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task.</returns>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> when the upload does not exist.</exception>
    Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default);

    /// <summary>Lists uploads in progress whose keys start with <paramref name="keyPrefix"/>, paging through the target's listing.</summary>
    /// <param name="bucket">The bucket or container.</param>
    /// <param name="keyPrefix">The key prefix; empty for all.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The uploads.</returns>
    IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, CancellationToken cancellationToken = default);

    /// <summary>Stores a small object in one request.</summary>
    /// <param name="location">The object.</param>
    /// <param name="content">The bytes; read once from the current position.</param>
    /// <param name="length">The length in bytes.</param>
    /// <param name="checksums">The content's checksums.</param>
    /// <param name="properties">Content type and metadata.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object.</returns>
    /// <exception cref="TargetException">The request failed.</exception>
    Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default);
}
