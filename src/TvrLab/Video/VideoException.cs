namespace TvrLab.Video;

/// <summary>
/// A video file could not be probed or decoded. The message is one line: the file, then the cause
/// (<c>clip.mp4: no video stream (streams: audio aac)</c>).
/// </summary>
public sealed class VideoException : Exception
{
    /// <summary>The file that failed.</summary>
    public string FilePath { get; }

    /// <summary>Why it failed, without the file name.</summary>
    public string Cause { get; }

    public VideoException(string filePath, string cause, Exception? inner = null)
        : base($"{filePath}: {cause}", inner)
    {
        FilePath = filePath;
        Cause = cause;
    }
}
