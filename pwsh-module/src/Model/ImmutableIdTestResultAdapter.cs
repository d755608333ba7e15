using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Reflection;
using ImmutableId.Records;

namespace ImmutableId.Model;

/// <summary>
/// How PowerShell sees an <see cref="ImmutableIdTestResult"/> (registered for the type in
/// ImmutableId.Types.ps1xml): the columns or input properties the result carries, then the
/// result's own properties, as note properties added to each result used to show them. The
/// result keeps the row's values or the piped record as they came, so making a million
/// results copies nothing into per-object members; the carried properties are read when
/// something asks for them (Format-List, Select-Object, Export-Csv, $result.Department).
/// </summary>
public sealed class ImmutableIdTestResultAdapter : PSPropertyAdapter
{
    /// <summary>The tag of a carried property (the own ones are tagged with their getter).</summary>
    private static readonly object Carried = new();

    /// <summary>The result's own properties, in the order .NET lists them.</summary>
    private static readonly OwnProperty[] Own = Array.ConvertAll(
        typeof(ImmutableIdTestResult).GetProperties(BindingFlags.Public | BindingFlags.Instance), p => new OwnProperty(p));

    private static readonly Dictionary<string, OwnProperty> OwnByName = IndexOwn();

    private static Dictionary<string, OwnProperty> IndexOwn()
    {
        var byName = new Dictionary<string, OwnProperty>(StringComparer.OrdinalIgnoreCase);
        foreach (OwnProperty p in Own)
        {
            byName[p.Name] = p;
        }
        return byName;
    }

    /// <summary>True for a name (ignoring case) that a result has a property of: never carried.</summary>
    internal static bool IsOwnProperty(string name) => OwnByName.ContainsKey(name);

    public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
    {
        var result = (ImmutableIdTestResult)baseObject;
        var properties = new Collection<PSAdaptedProperty>();
        foreach (string name in CarriedNames(result))
        {
            properties.Add(new PSAdaptedProperty(name, Carried));
        }
        foreach (OwnProperty p in Own)
        {
            properties.Add(new PSAdaptedProperty(p.Name, p));
        }
        return properties;
    }

    public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
    {
        if (OwnByName.TryGetValue(propertyName, out OwnProperty? own))
        {
            return new PSAdaptedProperty(own.Name, own);
        }
        string? name = FindCarried((ImmutableIdTestResult)baseObject, propertyName);
        return name is null ? null : new PSAdaptedProperty(name, Carried);
    }

    public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

    /// <summary>Carried properties can be set, as note properties could; the result's own cannot.</summary>
    public override bool IsSettable(PSAdaptedProperty adaptedProperty) => adaptedProperty.Tag == Carried;

    public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
    {
        var result = (ImmutableIdTestResult)adaptedProperty.BaseObject;
        return adaptedProperty.Tag is OwnProperty own ? own.Get(result) : CarriedValue(result, adaptedProperty.Name);
    }

    public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object? value)
    {
        if (adaptedProperty.Tag != Carried)
        {
            throw new SetValueException($"'{adaptedProperty.Name}' is a ReadOnly property.");
        }
        var result = (ImmutableIdTestResult)adaptedProperty.BaseObject;
        result.SetValues ??= new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        result.SetValues[adaptedProperty.Name] = value;
    }

    public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
    {
        if (adaptedProperty.Tag is OwnProperty own)
        {
            return own.TypeName;
        }
        // What a note property holding the value says.
        object? value = GetPropertyValue(adaptedProperty);
        return value switch
        {
            null => "",
            PSObject pso when pso.TypeNames.Count > 0 => pso.TypeNames[0],
            _ => value.GetType().FullName ?? "",
        };
    }

    /// <summary>
    /// The names of the carried properties, in order. A CSV row carries its header's carried
    /// columns; a piped record its properties but those with no name, those a result has, the
    /// one the value came from (it is the ImmutableId), and the second of names that differ
    /// only in case.
    /// </summary>
    private static IEnumerable<string> CarriedNames(ImmutableIdTestResult result)
    {
        if (result.Columns is not null)
        {
            return result.Columns.Names;
        }
        var names = new List<string>();
        if (result.Record is null)
        {
            return names;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in RecordReader.PropertyNames(result.Record))
        {
            if (IsCarriedRecordProperty(result, name) && seen.Add(name))
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static bool IsCarriedRecordProperty(ImmutableIdTestResult result, string name) =>
        name.Length > 0 && !IsOwnProperty(name) && !string.Equals(name, result.Source, StringComparison.OrdinalIgnoreCase);

    /// <summary>The carried property named <paramref name="name"/> ignoring case, in its own spelling; null if none.</summary>
    private static string? FindCarried(ImmutableIdTestResult result, string name)
    {
        if (result.Columns is not null)
        {
            int i = result.Columns.Find(name);
            return i < 0 ? null : result.Columns.Names[i];
        }
        if (result.Record is null || !IsCarriedRecordProperty(result, name))
        {
            return null;
        }
        return RecordReader.FindProperty(result.Record, name, out string spelled, out _) ? spelled : null;
    }

    private static object? CarriedValue(ImmutableIdTestResult result, string name)
    {
        if (result.SetValues is not null && result.SetValues.TryGetValue(name, out object? set))
        {
            return set;
        }
        if (result.Columns is not null)
        {
            int i = result.Columns.Find(name);
            return i < 0 ? null : result.ColumnValues![result.Columns.Positions[i]];
        }
        return result.Record is not null && RecordReader.FindProperty(result.Record, name, out _, out object? value) ? value : null;
    }

    /// <summary>One of the result's own properties, with a typed getter made once.</summary>
    private sealed class OwnProperty
    {
        public OwnProperty(PropertyInfo property)
        {
            Name = property.Name;
            TypeName = property.PropertyType.FullName ?? property.PropertyType.Name;
            Get = (Func<ImmutableIdTestResult, object?>)typeof(OwnProperty)
                .GetMethod(nameof(Getter), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(property.PropertyType)
                .Invoke(null, new object[] { property })!;
        }

        public string Name { get; }
        public string TypeName { get; }
        public Func<ImmutableIdTestResult, object?> Get { get; }

        private static Func<ImmutableIdTestResult, object?> Getter<T>(PropertyInfo property)
        {
            var get = (Func<ImmutableIdTestResult, T>)Delegate.CreateDelegate(typeof(Func<ImmutableIdTestResult, T>), property.GetGetMethod()!);
            return result => get(result);
        }
    }
}
