using System.Buffers.Binary;
using System.Text;

namespace TvrLab.Data.Readers;

/// <summary>
/// Reads the plain data a Python pickle holds: dicts (as <see cref="PickleDict"/>, insertion order kept), lists and
/// tuples (as <c>List&lt;object?&gt;</c>), str, int and None, written with pickle protocols 2 to 5 (CLIP4Clip's
/// MSVD <c>raw-captions.pkl</c> is such a file). It never constructs classes or calls functions: any other opcode is
/// an error naming its byte offset.
/// </summary>
public static class PythonPickle
{
    /// <summary>A Python dict: its (key, value) pairs in insertion order.</summary>
    public sealed class PickleDict : List<(object? Key, object? Value)>;

    /// <summary>The object the file holds.</summary>
    public static object? Load(string path)
    {
        var data = File.ReadAllBytes(path);
        var stack = new List<object?>();
        var marks = new Stack<int>();
        var memo = new Dictionary<long, object?>();
        var pos = 0;
        ReadOnlySpan<byte> Take(int n)
        {
            if (pos + n > data.Length) throw new AnnotationFormatException(path, $"byte {pos}", "the pickle ends early", "a complete pickle ending with STOP");
            var span = data.AsSpan(pos, n);
            pos += n;
            return span;
        }
        object? Pop() => stack.Count > 0 ? Remove(stack, stack.Count - 1) : throw new AnnotationFormatException(path, $"byte {pos}", "the pickle pops an empty stack", "a well-formed pickle");
        List<object?> SinceMark()
        {
            var mark = marks.Count > 0 ? marks.Pop() : throw new AnnotationFormatException(path, $"byte {pos}", "no MARK before a collection opcode", "a well-formed pickle");
            var items = stack.GetRange(mark, stack.Count - mark);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }
        T Top<T>(int offset, string what) where T : class =>
            stack.Count > offset && stack[^(offset + 1)] is T t ? t : throw new AnnotationFormatException(path, $"byte {pos}", $"the opcode needs a {what} on the stack", "a pickle of dicts, lists and strings");

        while (true)
        {
            var at = pos;
            var op = Take(1)[0];
            switch (op)
            {
                case 0x80: Take(1); break;                                               // PROTO
                case 0x95: Take(8); break;                                               // FRAME
                case (byte)'}': stack.Add(new PickleDict()); break;                      // EMPTY_DICT
                case (byte)']' or (byte)')': stack.Add(new List<object?>()); break;      // EMPTY_LIST, EMPTY_TUPLE
                case (byte)'(': marks.Push(stack.Count); break;                          // MARK
                case (byte)'t': stack.Add(SinceMark()); break;                           // TUPLE
                case 0x85 or 0x86 or 0x87:                                               // TUPLE1..3
                    var n = op - 0x84;
                    var tuple = stack.GetRange(stack.Count - n, n);
                    stack.RemoveRange(stack.Count - n, n);
                    stack.Add(tuple);
                    break;
                case (byte)'X': stack.Add(Encoding.UTF8.GetString(Take((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))); break; // BINUNICODE
                case 0x8c: stack.Add(Encoding.UTF8.GetString(Take(Take(1)[0]))); break;                                           // SHORT_BINUNICODE
                case 0x8d: stack.Add(Encoding.UTF8.GetString(Take(checked((int)BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))))); break; // BINUNICODE8
                case (byte)'U': stack.Add(Encoding.Latin1.GetString(Take(Take(1)[0]))); break;                                   // SHORT_BINSTRING (Python 2 str)
                case (byte)'T': stack.Add(Encoding.Latin1.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break; // BINSTRING
                case (byte)'N': stack.Add(null); break;                                  // NONE
                case (byte)'K': stack.Add((long)Take(1)[0]); break;                      // BININT1
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;  // BININT
                case (byte)'q': memo[Take(1)[0]] = stack[^1]; break;                     // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = stack[^1]; break; // LONG_BINPUT
                case 0x94: memo[memo.Count] = stack[^1]; break;                          // MEMOIZE
                case (byte)'h': stack.Add(Memo(memo, Take(1)[0], path, at)); break;      // BINGET
                case (byte)'j': stack.Add(Memo(memo, BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), path, at)); break; // LONG_BINGET
                case (byte)'a': { var v = Pop(); Top<List<object?>>(0, "list").Add(v); break; }           // APPEND
                case (byte)'e': { var items = SinceMark(); Top<List<object?>>(0, "list").AddRange(items); break; } // APPENDS
                case (byte)'s': { var v = Pop(); var k = Pop(); Top<PickleDict>(0, "dict").Add((k, v)); break; } // SETITEM
                case (byte)'u':                                                          // SETITEMS
                {
                    var items = SinceMark();
                    var dict = Top<PickleDict>(0, "dict");
                    for (var i = 0; i + 1 < items.Count; i += 2) dict.Add((items[i], items[i + 1]));
                    break;
                }
                case (byte)'.': return Pop();                                            // STOP
                default:
                    throw new AnnotationFormatException(path, $"byte {at}", $"pickle opcode 0x{op:X2} ('{(char)op}'), which this reader does not handle",
                        "a pickle (protocol 2-5) of dicts, lists and strings only");
            }
        }
    }

    static object? Memo(Dictionary<long, object?> memo, long key, string path, int at) =>
        memo.TryGetValue(key, out var v) ? v : throw new AnnotationFormatException(path, $"byte {at}", $"memo entry {key} was never stored", "a well-formed pickle");

    static object? Remove(List<object?> list, int index)
    {
        var v = list[index];
        list.RemoveAt(index);
        return v;
    }
}
