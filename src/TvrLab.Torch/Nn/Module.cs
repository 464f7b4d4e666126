using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// The base of every layer and model, as torch.nn.Module. A module's state is found from its fields, in
        /// declaration order: a <see cref="Parameter"/> field is a parameter, any other <see cref="Tensor"/> field a
        /// buffer, a <see cref="Module"/> field (including <see cref="ModuleList{T}"/> and <see cref="Sequential"/>) a
        /// child. Names are the field names, so a field spelled as in PyTorch (<c>ln_1</c>, <c>in_proj_weight</c>)
        /// gives PyTorch's state_dict keys (<c>transformer.resblocks.0.attn.in_proj_weight</c>). State that has no
        /// field of its own is added with <see cref="register_parameter"/>, <see cref="register_buffer"/> and
        /// <see cref="register_module"/>. Mark a tensor field <see cref="NonPersistentAttribute"/> to keep it out of
        /// the state_dict, or <see cref="NotRegisteredAttribute"/> to make it no part of the module's state.
        /// </summary>
        /// <remarks>
        /// Buffers held in fields leave any dispose scope when the module is first inspected (parameters never join
        /// one); build models outside dispose scopes, or register buffers with <see cref="register_buffer"/>.
        /// </remarks>
        public abstract class Module : IDisposable
        {
            readonly OrderedDictionary<string, Parameter?> extraParameters = new();
            readonly OrderedDictionary<string, (Tensor? tensor, bool persistent)> extraBuffers = new();
            readonly OrderedDictionary<string, Module?> extraModules = new();
            bool disposed;

            /// <summary>True in training mode (the default), false after <see cref="eval"/>; Dropout reads it.</summary>
            public bool training { get; private set; } = true;

            // ---- registration --------------------------------------------------------------------------------------

            /// <summary>Adds (or replaces, or with null removes) a parameter that has no field of its own.</summary>
            public void register_parameter(string name, Parameter? param)
            {
                CheckNewName(name, extraParameters.ContainsKey(name));
                extraParameters[name] = param;
            }

            /// <summary>Adds (or replaces) a buffer that has no field of its own; a non-persistent one stays out of the state_dict.</summary>
            public void register_buffer(string name, Tensor? tensor, bool persistent = true)
            {
                if (tensor is Parameter) throw new ArgumentException($"register_buffer(\"{name}\"): a Parameter cannot be a buffer; use register_parameter");
                CheckNewName(name, extraBuffers.ContainsKey(name));
                tensor?.DetachFromDisposeScope();
                extraBuffers[name] = (tensor, persistent);
            }

            /// <summary>Adds (or replaces) a child module that has no field of its own (containers name theirs "0", "1", ...).</summary>
            public void register_module(string name, Module? module)
            {
                CheckNewName(name, extraModules.ContainsKey(name));
                if (ReferenceEquals(module, this)) throw new ArgumentException($"register_module(\"{name}\"): a module cannot be its own child");
                extraModules[name] = module;
            }

            /// <summary>Removes a child added with <see cref="register_module"/> (containers use it to delete items).</summary>
            private protected void unregister_module(string name) => extraModules.Remove(name);

            void CheckNewName(string name, bool replacing)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"{GetType().Name}: \"{name}\" is not a valid state name (non-empty, no dots)");
                if (!replacing && (Slots(GetType()).Any(s => s.Name == name) || extraParameters.ContainsKey(name) || extraBuffers.ContainsKey(name) || extraModules.ContainsKey(name)))
                    throw new ArgumentException($"{GetType().Name} already has a parameter, buffer or child named \"{name}\"");
            }

            /// <summary>A state-holding field: its PyTorch name and whether it is saved in the state_dict.</summary>
            sealed record Slot(FieldInfo Field, string Name, bool Persistent);

            static readonly ConcurrentDictionary<Type, Slot[]> slotsByType = new();

            /// <summary>The Tensor and Module fields of a module type, base classes first, in declaration order.</summary>
            static Slot[] Slots(Type type) => slotsByType.GetOrAdd(type, static t =>
            {
                var chain = new List<Type>();
                for (var c = t; c is not null && c != typeof(Module); c = c.BaseType) chain.Add(c);
                chain.Reverse();
                var slots = new List<Slot>();
                foreach (var c in chain)
                    foreach (var f in c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (!typeof(Tensor).IsAssignableFrom(f.FieldType) && !typeof(Module).IsAssignableFrom(f.FieldType)) continue;
                        if (f.IsDefined(typeof(NotRegisteredAttribute))) continue;
                        var name = FieldName(f.Name);
                        if (slots.Any(s => s.Name == name))
                            throw new InvalidOperationException($"{t.Name}: two fields are named \"{name}\" (a derived class hides a base field)");
                        slots.Add(new Slot(f, name, !f.IsDefined(typeof(NonPersistentAttribute))));
                    }
                return slots.ToArray();
            });

            /// <summary>An auto-property's backing field "&lt;name&gt;k__BackingField" is named after the property.</summary>
            static string FieldName(string field) =>
                field.StartsWith('<') && field.IndexOf('>') is > 1 and var end ? field[1..end] : field;

            // ---- this module's own state ---------------------------------------------------------------------------

            /// <summary>This module's parameters; <paramref name="alive"/> checks that none was disposed.</summary>
            IEnumerable<(string name, Parameter param)> OwnParameters(bool alive = true)
            {
                CheckNotDisposed();
                foreach (var s in Slots(GetType()))
                    if (s.Field.GetValue(this) is Parameter p) yield return (s.Name, alive ? Alive(p, s.Name) : p);
                foreach (var (name, p) in extraParameters)
                    if (p is not null) yield return (name, alive ? Alive(p, name) : p);
            }

            /// <summary>This module's buffers (leaving any dispose scope); <paramref name="alive"/> checks that none was disposed.</summary>
            IEnumerable<(string name, Tensor buffer, bool persistent)> OwnBuffers(bool alive = true)
            {
                CheckNotDisposed();
                foreach (var s in Slots(GetType()))
                    if (s.Field.GetValue(this) is Tensor t and not Parameter)
                        yield return (s.Name, (alive ? Alive(t, s.Name) : t).DetachFromDisposeScope(), s.Persistent);
                foreach (var (name, (t, persistent)) in extraBuffers)
                    if (t is not null) yield return (name, alive ? Alive(t, name) : t, persistent);
            }

            T Alive<T>(T tensor, string name) where T : Tensor => !tensor.IsDisposed ? tensor :
                throw new ObjectDisposedException($"{GetType().Name}.{name}",
                    $"{GetType().Name}.{name} was disposed (a buffer created inside a dispose scope dies with it: create it outside, or register it with register_buffer)");

            /// <summary>The direct children with their names, as torch's named_children.</summary>
            public IEnumerable<(string name, Module module)> named_children()
            {
                CheckNotDisposed();
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                foreach (var s in Slots(GetType()))
                    if (s.Field.GetValue(this) is Module m && seen.Add(m)) yield return (s.Name, m);
                foreach (var (name, m) in extraModules)
                    if (m is not null && seen.Add(m)) yield return (name, m);
            }

            IEnumerable<(string name, Module module)> AllChildren()
            {
                foreach (var s in Slots(GetType()))
                    if (s.Field.GetValue(this) is Module m) yield return (s.Name, m);
                foreach (var (name, m) in extraModules)
                    if (m is not null) yield return (name, m);
            }

            public IEnumerable<Module> children() => named_children().Select(c => c.module);

            // ---- the whole tree ------------------------------------------------------------------------------------

            static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

            /// <summary>
            /// This module and every descendant with its dotted path ("" for this one), depth first in registration
            /// order. A module reachable by two paths is listed once unless <paramref name="remove_duplicate"/> is false.
            /// </summary>
            public IEnumerable<(string name, Module module)> named_modules(string prefix = "", bool remove_duplicate = true)
            {
                var seen = remove_duplicate ? new HashSet<Module>(ReferenceEqualityComparer.Instance) : null;
                return Walk(prefix, seen, new List<Module>());
            }

            IEnumerable<(string, Module)> Walk(string prefix, HashSet<Module>? seen, List<Module> ancestors)
            {
                if (seen is not null && !seen.Add(this)) yield break;
                if (ancestors.Contains(this))
                    throw new InvalidOperationException($"module {prefix} ({GetType().Name}) is its own descendant");
                yield return (prefix, this);
                ancestors.Add(this);
                foreach (var (name, child) in AllChildren())
                    foreach (var item in child.Walk(Join(prefix, name), seen, ancestors))
                        yield return item;
                ancestors.RemoveAt(ancestors.Count - 1);
            }

            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>Every parameter with its dotted name (each tensor once, even when shared), as torch's named_parameters.</summary>
            public IEnumerable<(string name, Parameter param)> named_parameters(string prefix = "", bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                var modules = recurse ? named_modules(prefix) : [(prefix, this)];
                foreach (var (path, m) in modules)
                    foreach (var (name, p) in m.OwnParameters())
                        if (seen.Add(p)) yield return (Join(path, name), p);
            }

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse: recurse).Select(p => p.param);

            /// <summary>Every buffer (persistent or not) with its dotted name, as torch's named_buffers.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(string prefix = "", bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                var modules = recurse ? named_modules(prefix) : [(prefix, this)];
                foreach (var (path, m) in modules)
                    foreach (var (name, b, _) in m.OwnBuffers())
                        if (seen.Add(b)) yield return (Join(path, name), b);
            }

            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse: recurse).Select(b => b.buffer);

            /// <summary>The module at a dotted path ("" for this one), e.g. "transformer.resblocks.3".</summary>
            public Module get_submodule(string target)
            {
                var m = this;
                if (target.Length == 0) return m;
                foreach (var part in target.Split('.'))
                    m = m.AllChildren().FirstOrDefault(c => c.name == part).module
                        ?? throw new KeyNotFoundException($"{m.GetType().Name} has no child named \"{part}\" (looking up \"{target}\")");
                return m;
            }

            /// <summary>The parameter at a dotted path, e.g. "visual.conv1.weight".</summary>
            public Parameter get_parameter(string target)
            {
                var dot = target.LastIndexOf('.');
                var owner = get_submodule(dot < 0 ? "" : target[..dot]);
                var name = target[(dot + 1)..];
                return owner.OwnParameters().FirstOrDefault(p => p.name == name).param
                    ?? throw new KeyNotFoundException($"{owner.GetType().Name} has no parameter named \"{name}\" (looking up \"{target}\")");
            }

            // ---- modes, gradients, devices -------------------------------------------------------------------------

            /// <summary>Sets training mode on this module and every descendant (Dropout is active only in training).</summary>
            public virtual void train(bool mode = true)
            {
                training = mode;
                foreach (var child in children()) child.train(mode);
            }

            /// <summary>Evaluation mode: <c>train(false)</c>.</summary>
            public void eval() => train(false);

            /// <summary>Clears every parameter's gradient: to none (the default, as PyTorch 2) or to zeros.</summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var p in parameters()) p.zero_grad(set_to_none);
            }

            /// <summary>Calls <paramref name="fn"/> on every descendant, children first, then on this module (e.g. custom initialisation).</summary>
            public Module apply(Action<Module> fn)
            {
                foreach (var child in children()) child.apply(fn);
                fn(this);
                return this;
            }

            /// <summary>
            /// Converts every parameter, gradient and buffer in place, as torch's Module._apply: each keeps its
            /// identity (an optimizer built before still holds the same tensors) and gets the converted data.
            /// </summary>
            internal void ApplyToTensors(Func<Tensor, Tensor> convert)
            {
                using var noGrad = no_grad();
                var done = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var m in modules())
                {
                    foreach (var (_, p) in m.OwnParameters())
                        if (done.Add(p))
                        {
                            Replace(p, convert);
                            using var g = p.grad;
                            if (g is not null) Replace(g, convert);
                        }
                    foreach (var (_, b, _) in m.OwnBuffers())
                        if (done.Add(b)) Replace(b, convert);
                }
            }

            static void Replace(Tensor t, Func<Tensor, Tensor> convert)
            {
                using var converted = convert(t);
                t.set_data(converted);
            }

            /// <summary>Moves and converts in place: floating-point tensors to <paramref name="dtype"/> (when given), every tensor to <paramref name="device"/>.</summary>
            internal void ToDeviceAndType(Device? device, ScalarType? dtype)
            {
                if (dtype is { } d && !d.IsFloatingPoint())
                    throw new ArgumentException($"Module.to only accepts floating-point dtypes, got {d.PyTorchName()}");
                ApplyToTensors(t =>
                {
                    var target = dtype is { } dt && t.is_floating_point() ? dt : t.dtype;
                    return t.to(device ?? t.device, target);
                });
            }

            // ---- state_dict ----------------------------------------------------------------------------------------

            /// <summary>
            /// Every parameter and persistent buffer under its dotted name, in registration order, as torch's
            /// state_dict: the tensors share storage with the module (detached handles, owned by the current dispose
            /// scope if any).
            /// </summary>
            public OrderedDictionary<string, Tensor> state_dict(string prefix = "")
            {
                var result = new OrderedDictionary<string, Tensor>();
                foreach (var (name, t) in StateEntries(prefix)) result[name] = t.detach();
                return result;
            }

            /// <summary>The live tensors behind the state_dict keys (no new handles); a shared tensor appears under each of its names.</summary>
            IEnumerable<(string name, Tensor tensor)> StateEntries(string prefix)
            {
                foreach (var (path, m) in named_modules(prefix, remove_duplicate: false))
                {
                    foreach (var (name, p) in m.OwnParameters()) yield return (Join(path, name), p);
                    foreach (var (name, b, persistent) in m.OwnBuffers())
                        if (persistent) yield return (Join(path, name), b);
                }
            }

            /// <summary>
            /// Copies values from a state_dict into this module's parameters and buffers (converting dtype and device),
            /// as torch's load_state_dict. Every key is checked before anything is copied: a shape mismatch always
            /// fails, naming the key and both shapes; with <paramref name="strict"/>, so do missing or unexpected keys.
            /// Returns the keys that were missing and unexpected.
            /// </summary>
            public IncompatibleKeys load_state_dict(IReadOnlyDictionary<string, Tensor> state_dict, bool strict = true)
            {
                var expected = new OrderedDictionary<string, Tensor>();
                foreach (var (name, t) in StateEntries("")) expected[name] = t;
                var missing = expected.Keys.Where(k => !state_dict.ContainsKey(k)).ToList();
                var unexpected = state_dict.Keys.Where(k => !expected.ContainsKey(k)).ToList();
                var errors = new List<string>();
                if (strict && missing.Count > 0) errors.Add("Missing key(s) in state_dict: " + Quote(missing) + ".");
                if (strict && unexpected.Count > 0) errors.Add("Unexpected key(s) in state_dict: " + Quote(unexpected) + ".");
                foreach (var (key, target) in expected)
                    if (state_dict.TryGetValue(key, out var source))
                    {
                        var (have, want) = (source.shape, target.shape);
                        if (!have.SequenceEqual(want))
                            errors.Add($"size mismatch for {key}: copying a param with shape {Tensor.ShapeString(have)} from checkpoint, " +
                                       $"the shape in current model is {Tensor.ShapeString(want)}.");
                    }
                if (errors.Count > 0)
                    throw new StateDictException($"Error(s) in loading state_dict for {GetType().Name}:\n\t" + string.Join("\n\t", errors), missing, unexpected);

                using (no_grad())
                    foreach (var (key, target) in expected)
                        if (state_dict.TryGetValue(key, out var source)) target.copy_(source);
                return new IncompatibleKeys(missing, unexpected);
            }

            static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"\"{k}\""));

            // ---- printing and disposal -----------------------------------------------------------------------------

            /// <summary>The layer's settings shown inside its parentheses, e.g. "in_features=4, out_features=3, bias=True".</summary>
            public virtual string extra_repr() => "";

            /// <summary>The module tree as PyTorch prints it.</summary>
            public override string ToString()
            {
                var children = AllChildren().ToList();
                if (children.Count == 0) return $"{GetType().Name}({extra_repr()})";
                var sb = new StringBuilder().Append(GetType().Name).Append('(');
                if (extra_repr() is { Length: > 0 } extra) sb.Append("\n  ").Append(extra);
                foreach (var (name, child) in children)
                    sb.Append("\n  (").Append(name).Append("): ").Append(child.ToString().Replace("\n", "\n  "));
                return sb.Append("\n)").ToString();
            }

            /// <summary>A number as Python prints it in a repr (1e-05, 0.5), for <see cref="extra_repr"/>.</summary>
            protected static string Py(double value) =>
                value.ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e");

            void CheckNotDisposed()
            {
                if (disposed) throw new ObjectDisposedException(GetType().Name, "the module was disposed");
            }

            /// <summary>Frees every parameter and buffer of this module and its descendants.</summary>
            public void Dispose()
            {
                if (disposed) return;
                foreach (var (_, p) in OwnParameters(alive: false)) p.Dispose();
                foreach (var (_, b, _) in OwnBuffers(alive: false)) b.Dispose();
                foreach (var (_, child) in AllChildren()) child.Dispose();
                disposed = true;
                GC.SuppressFinalize(this);
            }
        }

        /// <summary>A module with one input, as most layers: <c>y = layer.forward(x)</c>.</summary>
        public abstract class Module<T, TResult> : Module
        {
            public abstract TResult forward(T input);
        }

        /// <summary>A module with two inputs.</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            public abstract TResult forward(T1 input1, T2 input2);
        }

        /// <summary>The keys <see cref="Module.load_state_dict"/> did not find (missing) and did not use (unexpected).</summary>
        public sealed record IncompatibleKeys(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys);

        /// <summary>A state_dict that does not fit the module: wrong shapes, or (strict) missing or unexpected keys.</summary>
        public sealed class StateDictException(string message, IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys)
            : Exception(message)
        {
            public IReadOnlyList<string> missing_keys { get; } = missing_keys;
            public IReadOnlyList<string> unexpected_keys { get; } = unexpected_keys;
        }

        /// <summary>A tensor field that is a buffer but not saved in the state_dict (register_buffer(persistent=False)).</summary>
        [AttributeUsage(AttributeTargets.Field)]
        public sealed class NonPersistentAttribute : Attribute;

        /// <summary>A Tensor or Module field that is no part of the module's state (a cache, a reference to another model).</summary>
        [AttributeUsage(AttributeTargets.Field)]
        public sealed class NotRegisteredAttribute : Attribute;
    }
}

/// <summary>Module methods that return the module's own type, so that <c>var m = new Net().to(device)</c> stays a Net.</summary>
public static class ModuleExtensions
{
    /// <summary>Moves every parameter and buffer to <paramref name="device"/> and floating-point ones to <paramref name="dtype"/>, in place.</summary>
    public static T to<T>(this T module, Device device, ScalarType? dtype = null) where T : torch.nn.Module
    {
        module.ToDeviceAndType(device, dtype);
        return module;
    }

    /// <summary>Converts every floating-point parameter and buffer to <paramref name="dtype"/>, in place.</summary>
    public static T to<T>(this T module, ScalarType dtype) where T : torch.nn.Module
    {
        module.ToDeviceAndType(null, dtype);
        return module;
    }

    public static T cpu<T>(this T module) where T : torch.nn.Module => module.to(Device.CPU);
    public static T cuda<T>(this T module, int index = 0) where T : torch.nn.Module => module.to(Device.CUDA(index));
    public static T @float<T>(this T module) where T : torch.nn.Module => module.to(ScalarType.Float32);
    public static T @double<T>(this T module) where T : torch.nn.Module => module.to(ScalarType.Float64);
    public static T half<T>(this T module) where T : torch.nn.Module => module.to(ScalarType.Float16);
    public static T bfloat16<T>(this T module) where T : torch.nn.Module => module.to(ScalarType.BFloat16);
}
