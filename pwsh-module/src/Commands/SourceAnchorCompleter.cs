using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ImmutableId.Commands;

/// <summary>Tab completion for -SourceAnchor: the two GUID choices. Any other LDAP attribute
/// name (msDS-SourceAnchor, employeeID...) is accepted too; the core checks it.</summary>
public sealed class SourceAnchorCompleter : IArgumentCompleter
{
    private static readonly (string Name, string Tip)[] Choices =
    {
        ("ConsistencyGuid", "mS-DS-ConsistencyGuid when set, else objectGUID (Entra Connect's default since 1.1.524, and Cloud Sync's)"),
        ("ObjectGUID", "objectGUID always; mS-DS-ConsistencyGuid is ignored (older installs, or a custom choice)"),
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        foreach (var (name, tip) in Choices)
        {
            if (name.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, tip);
            }
        }
    }
}
