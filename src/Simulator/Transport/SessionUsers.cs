using EwcUpgrade.Simulator.Lab;

namespace EwcUpgrade.Simulator.Transport;

/// <summary>
/// Which lab user a session is. As root, sshd logged in the system account of that name. Without
/// root only the account running the lab can log in, by key: the key it used picks the lab user.
/// </summary>
internal sealed class SessionUsers(bool sshdIsRoot)
{
    public string Resolve(AttachHeader header, ControllerDefinition controller)
    {
        if (sshdIsRoot || controller.User(header.User) != null || header.Key == null) return header.User;
        var byKey = controller.Users.FirstOrDefault(u => u.AuthorizedKeys.Any(k => SameKey(k, header.Key)));
        return byKey?.Username ?? header.User;
    }

    // An authorized_keys line may carry options before and a comment after "TYPE BASE64".
    private static bool SameKey(string authorizedLine, string key) =>
        (" " + authorizedLine + " ").Contains(" " + key + " ", StringComparison.Ordinal);
}
