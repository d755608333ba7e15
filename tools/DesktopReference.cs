// The public API of a set of reference assemblies (the .NET Framework 4.7.2 ones NuGet serves,
// PowerShell Standard's System.Management.Automation, the module's own DLL), read with
// System.Reflection.Metadata: no assembly is loaded. tools/Test-DesktopCompatibility.ps1
// compiles this with Add-Type and asks it whether a type, a static member or a constructor a
// script uses exists there, as PowerShell would find it (names compared without case, static
// members of base types included, optional and params parameters counted as PowerShell binds).
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ImmutableIdTools
{
    public sealed class ReferenceType
    {
        public string FullName { get; internal set; }
        public string Assembly { get; internal set; }
        public string BaseType { get; internal set; }
        public bool IsValueType { get; internal set; }
        internal MetadataReader Reader;
        internal TypeDefinitionHandle Handle;
    }

    public sealed class DesktopReference
    {
        private readonly Dictionary<string, ReferenceType> types = new Dictionary<string, ReferenceType>(StringComparer.OrdinalIgnoreCase);
        // Kept open: a MetadataReader reads the image its PEReader holds.
        private readonly List<PEReader> images = new List<PEReader>();

        public int Count { get { return types.Count; } }

        /// <summary>Adds the public types of an assembly; the first definition of a name wins.</summary>
        public void Add(string path)
        {
            var image = new PEReader(File.OpenRead(path));
            if (!image.HasMetadata) { image.Dispose(); return; }
            images.Add(image);
            MetadataReader reader = image.GetMetadataReader();
            string assembly = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : Path.GetFileName(path);
            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                bool visible;
                string name = NameOf(reader, handle, out visible);
                if (!visible || types.ContainsKey(name)) continue;
                string baseType = NameOf(reader, reader.GetTypeDefinition(handle).BaseType);
                types[name] = new ReferenceType
                {
                    FullName = name,
                    Assembly = assembly,
                    BaseType = baseType,
                    IsValueType = baseType == "System.ValueType" || baseType == "System.Enum",
                    Reader = reader,
                    Handle = handle,
                };
            }
        }

        /// <summary>The type of that full name (Namespace.Name, Outer+Nested, Generic`1), or null.</summary>
        public ReferenceType Find(string fullName)
        {
            ReferenceType type;
            return types.TryGetValue(fullName, out type) ? type : null;
        }

        /// <summary>
        /// Null when [Type]::Member exists as PowerShell uses it: a static method taking
        /// argumentCount arguments (argumentCount -1: not called, any static member of that
        /// name); otherwise why not.
        /// </summary>
        public string CheckStatic(string fullName, string member, int argumentCount)
        {
            bool named = false;
            foreach (ReferenceType type in Lineage(fullName))
            {
                MetadataReader reader = type.Reader;
                TypeDefinition definition = reader.GetTypeDefinition(type.Handle);
                foreach (MethodDefinitionHandle handle in definition.GetMethods())
                {
                    MethodDefinition method = reader.GetMethodDefinition(handle);
                    if (!IsPublicStatic(method.Attributes) || !Same(reader.GetString(method.Name), member)) continue;
                    named = true;
                    if (argumentCount < 0 || Takes(reader, method, argumentCount)) return null;
                }
                if (argumentCount >= 0) continue;
                foreach (FieldDefinitionHandle handle in definition.GetFields())
                {
                    FieldDefinition field = reader.GetFieldDefinition(handle);
                    var access = field.Attributes & FieldAttributes.FieldAccessMask;
                    if (access == FieldAttributes.Public && (field.Attributes & FieldAttributes.Static) != 0 && Same(reader.GetString(field.Name), member)) return null;
                }
                foreach (PropertyDefinitionHandle handle in definition.GetProperties())
                {
                    PropertyDefinition property = reader.GetPropertyDefinition(handle);
                    if (!Same(reader.GetString(property.Name), member)) continue;
                    MethodDefinitionHandle getter = property.GetAccessors().Getter;
                    if (!getter.IsNil && IsPublicStatic(reader.GetMethodDefinition(getter).Attributes)) return null;
                }
                foreach (EventDefinitionHandle handle in definition.GetEvents())
                {
                    EventDefinition e = reader.GetEventDefinition(handle);
                    MethodDefinitionHandle adder = e.GetAccessors().Adder;
                    if (Same(reader.GetString(e.Name), member) && !adder.IsNil && IsPublicStatic(reader.GetMethodDefinition(adder).Attributes)) return null;
                }
            }
            if (named) return string.Format("no overload of [{0}]::{1} takes {2} argument(s)", fullName, member, argumentCount);
            return string.Format("[{0}] has no public static member '{1}'", fullName, member);
        }

        /// <summary>Null when [Type]::new takes argumentCount arguments; otherwise why not.</summary>
        public string CheckConstructor(string fullName, int argumentCount)
        {
            ReferenceType type = Find(fullName);
            if (type == null) return string.Format("[{0}] is not there", fullName);
            if (type.IsValueType && argumentCount == 0) return null;
            MetadataReader reader = type.Reader;
            foreach (MethodDefinitionHandle handle in reader.GetTypeDefinition(type.Handle).GetMethods())
            {
                MethodDefinition method = reader.GetMethodDefinition(handle);
                if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public) continue;
                if ((method.Attributes & MethodAttributes.Static) != 0 || reader.GetString(method.Name) != ".ctor") continue;
                if (Takes(reader, method, argumentCount)) return null;
            }
            return string.Format("no public constructor of [{0}] takes {1} argument(s)", fullName, argumentCount);
        }

        private IEnumerable<ReferenceType> Lineage(string fullName)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (ReferenceType type = Find(fullName); type != null && seen.Add(type.FullName); type = type.BaseType == null ? null : Find(type.BaseType))
            {
                yield return type;
            }
        }

        private static bool Same(string a, string b) { return string.Equals(a, b, StringComparison.OrdinalIgnoreCase); }

        private static bool IsPublicStatic(MethodAttributes attributes)
        {
            return (attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public && (attributes & MethodAttributes.Static) != 0;
        }

        // Whether PowerShell can call the method with that many arguments: optional parameters
        // may be left out, a params array takes any number from its position on.
        private static bool Takes(MetadataReader reader, MethodDefinition method, int argumentCount)
        {
            BlobReader signature = reader.GetBlobReader(method.Signature);
            SignatureHeader header = signature.ReadSignatureHeader();
            if (header.IsGeneric) signature.ReadCompressedInteger();
            int count = signature.ReadCompressedInteger();
            int optional = 0;
            bool paramArray = false;
            foreach (ParameterHandle handle in method.GetParameters())
            {
                Parameter parameter = reader.GetParameter(handle);
                if (parameter.SequenceNumber == 0) continue;
                if ((parameter.Attributes & (ParameterAttributes.Optional | ParameterAttributes.HasDefault)) != 0) optional++;
                if (parameter.SequenceNumber == count)
                {
                    foreach (CustomAttributeHandle attribute in parameter.GetCustomAttributes())
                    {
                        if (AttributeName(reader, reader.GetCustomAttribute(attribute)) == "System.ParamArrayAttribute") paramArray = true;
                    }
                }
            }
            int least = count - optional - (paramArray ? 1 : 0);
            if (argumentCount < least) return false;
            return paramArray || argumentCount <= count;
        }

        private static string AttributeName(MetadataReader reader, CustomAttribute attribute)
        {
            EntityHandle constructor = attribute.Constructor;
            if (constructor.Kind == HandleKind.MemberReference) return NameOf(reader, reader.GetMemberReference((MemberReferenceHandle)constructor).Parent);
            if (constructor.Kind == HandleKind.MethodDefinition) return NameOf(reader, reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType());
            return null;
        }

        private static string NameOf(MetadataReader reader, TypeDefinitionHandle handle, out bool visible)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
            TypeDefinitionHandle declaring = type.GetDeclaringType();
            if (declaring.IsNil)
            {
                visible = visibility == TypeAttributes.Public;
                string ns = reader.GetString(type.Namespace);
                string name = reader.GetString(type.Name);
                return ns.Length == 0 ? name : ns + "." + name;
            }
            bool outerVisible;
            string outer = NameOf(reader, declaring, out outerVisible);
            visible = outerVisible && visibility == TypeAttributes.NestedPublic;
            return outer + "+" + reader.GetString(type.Name);
        }

        private static string NameOf(MetadataReader reader, EntityHandle handle)
        {
            if (handle.IsNil) return null;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    bool visible;
                    return NameOf(reader, (TypeDefinitionHandle)handle, out visible);
                case HandleKind.TypeReference:
                    TypeReference reference = reader.GetTypeReference((TypeReferenceHandle)handle);
                    string name = reader.GetString(reference.Name);
                    if (reference.ResolutionScope.Kind == HandleKind.TypeReference) return NameOf(reader, (EntityHandle)reference.ResolutionScope) + "+" + name;
                    string ns = reader.GetString(reference.Namespace);
                    return ns.Length == 0 ? name : ns + "." + name;
                case HandleKind.TypeSpecification:
                    // A generic base type: the generic definition's name.
                    BlobReader blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                    if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
                    blob.ReadSignatureTypeCode();
                    return NameOf(reader, blob.ReadTypeHandle());
                default:
                    return null;
            }
        }
    }
}
