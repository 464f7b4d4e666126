using System.Collections;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Layers applied one after the other, as torch.nn.Sequential. Children are named "0", "1", ... or, when built
        /// from (name, layer) pairs, by those names: CLIP's <c>mlp</c> is
        /// <c>new Sequential(("c_fc", new Linear(d, 4 * d)), ("gelu", new QuickGELU()), ("c_proj", new Linear(4 * d, d)))</c>.
        /// </summary>
        public sealed class Sequential : Module<Tensor, Tensor>, IReadOnlyList<Module<Tensor, Tensor>>
        {
            readonly List<Module<Tensor, Tensor>> layers = new();

            public Sequential() { }

            public Sequential(params Module<Tensor, Tensor>[] layers)
            {
                foreach (var layer in layers) append(layer);
            }

            public Sequential(params (string name, Module<Tensor, Tensor> layer)[] layers)
            {
                var names = new HashSet<string>();
                foreach (var (name, layer) in layers)
                {
                    if (!names.Add(name)) throw new ArgumentException($"Sequential: two layers are named \"{name}\"");
                    register_module(name, layer);
                    this.layers.Add(layer);
                }
            }

            /// <summary>Adds a layer at the end, named by its position.</summary>
            public Sequential append(Module<Tensor, Tensor> layer)
            {
                register_module(layers.Count.ToString(), layer);
                layers.Add(layer);
                return this;
            }

            public override Tensor forward(Tensor input)
            {
                var x = input;
                foreach (var layer in layers) x = layer.forward(x);
                return x;
            }

            public Module<Tensor, Tensor> this[int index] => layers[index];
            public int Count => layers.Count;
            public IEnumerator<Module<Tensor, Tensor>> GetEnumerator() => layers.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>
        /// A list of child modules named "0", "1", ..., as torch.nn.ModuleList: CLIP's
        /// <c>transformer.resblocks</c> is a <c>ModuleList&lt;ResidualAttentionBlock&gt;</c>.
        /// </summary>
        public class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
        {
            readonly List<T> items = new();

            public ModuleList(params T[] modules) => extend(modules);
            public ModuleList(IEnumerable<T> modules) => extend(modules);

            public ModuleList<T> append(T module)
            {
                register_module(items.Count.ToString(), module);
                items.Add(module);
                return this;
            }

            public ModuleList<T> extend(IEnumerable<T> modules)
            {
                foreach (var m in modules) append(m);
                return this;
            }

            public T this[int index]
            {
                get => items[index < 0 ? index + items.Count : index];
                set
                {
                    var i = index < 0 ? index + items.Count : index;
                    if (i < 0 || i >= items.Count) throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is out of range for a ModuleList of {items.Count}");
                    items[i] = value;
                    register_module(i.ToString(), value);
                }
            }

            public int Count => items.Count;
            public IEnumerator<T> GetEnumerator() => items.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>A list of modules of any kind.</summary>
        public sealed class ModuleList : ModuleList<Module>
        {
            public ModuleList(params Module[] modules) : base(modules) { }
        }

        /// <summary>Child modules by name, in insertion order, as torch.nn.ModuleDict.</summary>
        public sealed class ModuleDict<T> : Module, IReadOnlyDictionary<string, T> where T : Module
        {
            readonly OrderedDictionary<string, T> items = new();

            public ModuleDict(params (string name, T module)[] modules)
            {
                foreach (var (name, module) in modules) this[name] = module;
            }

            public T this[string key]
            {
                get => items.TryGetValue(key, out var m) ? m : throw new KeyNotFoundException($"ModuleDict has no module named \"{key}\" (it has: {string.Join(", ", items.Keys)})");
                set
                {
                    register_module(key, value);
                    items[key] = value;
                }
            }

            public bool Remove(string key)
            {
                unregister_module(key);
                return items.Remove(key);
            }

            public IEnumerable<string> Keys => items.Keys;
            public IEnumerable<T> Values => items.Values;
            public int Count => items.Count;
            public bool ContainsKey(string key) => items.ContainsKey(key);
            public bool TryGetValue(string key, out T value) => items.TryGetValue(key, out value!);
            public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => items.GetEnumerator();
            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
