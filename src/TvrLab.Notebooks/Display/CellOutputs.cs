using System.Text;
using TvrLab.Notebooks.Ipynb;

namespace TvrLab.Notebooks.Display;

/// <summary>
/// The outputs of the cell now running, in order: stdout and stderr text (consecutive writes join one stream output),
/// displayed values and replacements of them. Thread-safe: a cell may print from worker threads.
/// </summary>
public sealed class CellOutputs
{
    static CellOutputs? current;
    readonly List<NotebookOutput> outputs = new();
    readonly Lock gate = new();

    /// <summary>The running cell's outputs; display() outside a notebook run is an error.</summary>
    public static CellOutputs Current => Volatile.Read(ref current)
        ?? throw new InvalidOperationException("display() shows values below a notebook cell: it works inside a notebook run (VS Code or `tvrlab notebooks run`)");

    /// <summary>Makes this the target of display() and Console output until the returned scope ends.</summary>
    internal IDisposable Activate()
    {
        var previous = Interlocked.Exchange(ref current, this);
        return new Restore(() => Volatile.Write(ref current, previous));
    }

    public IReadOnlyList<NotebookOutput> Snapshot()
    {
        lock (gate) return outputs.ToList();
    }

    internal void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (outputs.Count > 0 && outputs[^1] is { OutputType: "stream" } last && last.Name == stream) last.Text += text;
            else outputs.Add(NotebookOutput.Stream(stream, text));
        }
    }

    internal DisplayedValue Display(Dictionary<string, string> bundle)
    {
        var output = NotebookOutput.Display(bundle);
        lock (gate) outputs.Add(output);
        return new DisplayedValue(this, output);
    }

    internal void Add(NotebookOutput output)
    {
        lock (gate) outputs.Add(output);
    }

    internal void Replace(NotebookOutput output, Dictionary<string, string> bundle)
    {
        lock (gate) output.Data = bundle;
    }

    /// <summary>A TextWriter that appends to this cell's stdout or stderr.</summary>
    internal TextWriter Writer(string stream) => new StreamWriterAdapter(this, stream);

    sealed class StreamWriterAdapter(CellOutputs owner, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => owner.Write(stream, value.ToString());
        public override void Write(string? value) => owner.Write(stream, value ?? "");
        public override void Write(char[] buffer, int index, int count) => owner.Write(stream, new string(buffer, index, count));
        public override void WriteLine(string? value) => owner.Write(stream, (value ?? "") + "\n");
    }

    sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
