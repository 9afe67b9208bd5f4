using System.Management.Automation;
using EwcUpgrade.Bundles;
using EwcUpgrade.Cmdlets.Internal;

namespace EwcUpgrade.Cmdlets;

/// <summary>
/// The AP model to image type table, or the image type of given AP models (the `AP Model` column
/// of `show ap summary`, e.g. C9120AXI-E). Unknown models come back with IsKnown = $false.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ApImageType", DefaultParameterSetName = AllSet)]
[OutputType(typeof(ApImageType), ParameterSetName = new[] { AllSet })]
[OutputType(typeof(ApModelMatch), ParameterSetName = new[] { ModelSet })]
public sealed class GetApImageType : PSCmdlet
{
    private const string AllSet = "All";
    private const string ModelSet = "Model";

    [Parameter(ParameterSetName = ModelSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ApModel")]
    [ArgumentCompleter(typeof(ApModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Model { get; set; } = null!;

    [Parameter(ParameterSetName = AllSet, Position = 0)]
    [ArgumentCompleter(typeof(ImageTypeCompleter))]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ModelSet)
        {
            foreach (var model in Model) WriteObject(ApImageTypeTable.Match(model));
            return;
        }
        foreach (var type in ApImageTypeTable.All)
        {
            if (Name == null || Matches(type.Name)) WriteObject(type);
        }
    }

    private bool Matches(string name)
    {
        foreach (var pattern in Name!)
        {
            if (new WildcardPattern(pattern, WildcardOptions.IgnoreCase).IsMatch(name)) return true;
        }
        return false;
    }
}
