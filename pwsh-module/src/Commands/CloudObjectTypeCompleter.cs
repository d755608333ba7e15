using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>Tab completion for -ObjectType: the types the core knows.</summary>
public sealed class CloudObjectTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string[] types;
        try
        {
            types = CoreLibrary.CloudObjectTypes();
        }
        catch (NativeLibraryException)
        {
            yield break;
        }
        foreach (string type in types)
        {
            if (type.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(type);
            }
        }
    }
}
