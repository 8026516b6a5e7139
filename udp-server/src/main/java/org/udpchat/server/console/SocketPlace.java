package org.udpchat.server.console;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Optional;

/**
 * Where a control socket may be, and who may be at its ends: what keeps an operator's console the server's
 * user's alone. A socket is only as private as the path to it: whoever may rename or replace any directory
 * on the way (or a symbolic link in it) can put their own socket, or their own file, where the server and
 * {@code --attach} look. So every directory from {@code /} down is checked as it is, never through a link
 * ({@code NOFOLLOW_LINKS}): a symbolic link anywhere on the path is refused; each directory above the
 * socket's own belongs to root or to this user and is writable by nobody else unless sticky (as {@code /tmp},
 * where others cannot rename what is not theirs); the socket's own directory is the server's user's, and
 * nobody else may even enter it (0700). Once that holds nobody else can change what the path names, so the
 * socket's file can be checked once and then used.
 *
 * <p>Users are compared as the JDK's {@link UserPrincipal}s, which compare by uid (the name is only shown).
 */
final class SocketPlace {

    private static final int TYPE_MASK = 0170000;
    private static final int SOCKET = 0140000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMBOLIC_LINK = 0120000;
    private static final int STICKY = 01000;
    private static final int WRITABLE_BY_OTHERS = 0022;
    private static final int ANY_ACCESS_BY_OTHERS = 0077;

    private SocketPlace() {}

    /** The socket's path can not be used; the message names the path, what is wrong and what to do. */
    static final class UnsafePlaceException extends Exception {
        private static final long serialVersionUID = 1L;

        UnsafePlaceException(String message) {
            super(message);
        }
    }

    /** Who this process runs as (its real uid), as the kernel tells it. */
    static int ownUid() {
        return Math.toIntExact(new UnixSystem().getUid());
    }

    /** This process's user's name, for a message (the uid when it has none). */
    static String ownName(int ownUid) {
        String name = new UnixSystem().getUsername();
        return name == null ? "uid " + ownUid : name;
    }

    /** Whether {@code user} is {@code ownUid}'s user or root: the only ones who may be at either end. */
    static boolean isOwnOrRoot(UserPrincipal user, int ownUid) {
        return user.equals(principal(ownUid).orElse(null))
                || user.equals(principal(0).orElse(null));
    }

    /**
     * Whether a server running as {@code server} would hang up on this process ({@code ownUid}): it takes
     * its own user and root only, so a server of root's refuses everyone else.
     */
    static boolean wouldBeRefusedBy(UserPrincipal server, int ownUid) {
        return ownUid != 0 && !server.equals(principal(ownUid).orElse(null));
    }

    /** The user with {@code uid} (the JDK takes a number for a uid when no user has it as a name). */
    private static Optional<UserPrincipal> principal(int uid) {
        try {
            return Optional.of(FileSystems.getDefault()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(Integer.toString(uid)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The server's side: makes the missing directories of {@code socket} (0700) and checks the whole path as
     * the class says, the socket's own directory the server's alone.
     *
     * @return the path to use from now on: absolute, without {@code .} or {@code ..}
     */
    static Path prepareForServer(Path socket, int ownUid) throws UnsafePlaceException {
        Path absolute = socket.toAbsolutePath().normalize();
        checkDirectories(absolute, ownUid, true);
        return absolute;
    }

    /**
     * The attaching side: checks the path as the class says (the socket's own directory this user's or
     * root's), and that the socket is one, this user's or root's.
     */
    static Path checkForAttach(Path socket, int ownUid) throws UnsafePlaceException {
        Path absolute = socket.toAbsolutePath().normalize();
        checkDirectories(absolute, ownUid, false);
        Map<String, Object> file =
                attributes(absolute).orElseThrow(() -> new UnsafePlaceException("no control socket at " + absolute));
        if (!isSocket(file)) {
            throw new UnsafePlaceException(absolute + " is " + kind(file) + ", not a server's control socket");
        }
        if (!isOwnOrRootUid(file, ownUid)) {
            throw new UnsafePlaceException("the control socket " + absolute + " is " + owner(absolute)
                    + "'s, neither yours nor root's: not attaching (a server of another user's could pose as yours)");
        }
        return absolute;
    }

    /** What is at {@code path} itself (a link is not followed): its mode and owner; empty when nothing is. */
    static Optional<Map<String, Object>> attributes(Path path) throws UnsafePlaceException {
        try {
            return Optional.of(Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            throw new UnsafePlaceException("cannot check " + path + ": " + e);
        }
    }

    static boolean isSocket(Map<String, Object> attributes) {
        return (mode(attributes) & TYPE_MASK) == SOCKET;
    }

    static boolean isOwnUid(Map<String, Object> attributes, int ownUid) {
        return uid(attributes) == ownUid;
    }

    /** What kind of file the mode says, for a message: "a FIFO", "a directory", … */
    static String kind(Map<String, Object> attributes) {
        switch (mode(attributes) & TYPE_MASK) {
            case SOCKET:
                return "a socket";
            case DIRECTORY:
                return "a directory";
            case SYMBOLIC_LINK:
                return "a symbolic link";
            case 0100000:
                return "a regular file";
            case 0010000:
                return "a FIFO (named pipe)";
            case 0020000:
                return "a character device";
            case 0060000:
                return "a block device";
            default:
                return "a file of an unknown kind";
        }
    }

    /** The name of the user {@code path} (itself, not a link's target) belongs to, for a message. */
    static String owner(Path path) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException e) {
            return "another user";
        }
    }

    private static void checkDirectories(Path socket, int ownUid, boolean make) throws UnsafePlaceException {
        Path directory = socket.getParent();
        if (directory == null) {
            throw new UnsafePlaceException(socket + " is not a path for a socket (a file in a directory)");
        }
        Path current = directory.getRoot();
        checkAbove(current, ownUid, socket);
        for (Path name : directory) {
            current = current.resolve(name);
            if (make) {
                makeDirectory(current);
            }
            Map<String, Object> attributes = attributes(current)
                    .orElseThrow(() -> new UnsafePlaceException(
                            "no directory " + directory + " for the control socket " + socket));
            int type = mode(attributes) & TYPE_MASK;
            if (type == SYMBOLIC_LINK) {
                throw new UnsafePlaceException("the control socket's path " + socket + " goes through the symbolic"
                        + " link " + current + ", which could be made to point elsewhere; give the real path"
                        + realPath(socket) + ", in directories that only you or root may change");
            }
            if (type != DIRECTORY) {
                throw new UnsafePlaceException("the control socket's directory " + current + " is " + kind(attributes)
                        + ", not a directory (give another path)");
            }
            if (current.equals(directory)) {
                checkOwn(current, attributes, ownUid, make);
            } else {
                checkAbove(current, ownUid, socket);
            }
        }
    }

    /** Makes {@code directory} 0700 if nothing is there; what is there is checked after, as found. */
    private static void makeDirectory(Path directory) throws UnsafePlaceException {
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            // there already (a directory, or not: checked next)
        } catch (IOException | UnsupportedOperationException e) {
            throw new UnsafePlaceException("cannot make the control socket's directory " + directory + ": " + e
                    + " (give --control-socket another path, or none)");
        }
    }

    /** A directory above the socket's own: nobody but root and this user may rename what is in it. */
    private static void checkAbove(Path directory, int ownUid, Path socket) throws UnsafePlaceException {
        Map<String, Object> attributes =
                attributes(directory).orElseThrow(() -> new UnsafePlaceException("no directory " + directory));
        if (!isOwnOrRootUid(attributes, ownUid)) {
            throw new UnsafePlaceException("the directory " + directory + " on the control socket's path " + socket
                    + " is " + owner(directory) + "'s, who could move what is in it; give a path in directories"
                    + " that only you or root may change");
        }
        int mode = mode(attributes);
        if ((mode & WRITABLE_BY_OTHERS) != 0 && (mode & STICKY) == 0) {
            throw new UnsafePlaceException("the directory " + directory + " on the control socket's path " + socket
                    + " is " + permissions(mode) + ": others may replace what is in it; give a path in"
                    + " directories that only you or root may change (or chmod go-w " + directory + ")");
        }
    }

    /** The socket's own directory: the server's user's (or, attaching, root's), nobody else's to enter. */
    private static void checkOwn(Path directory, Map<String, Object> attributes, int ownUid, boolean server)
            throws UnsafePlaceException {
        int mode = mode(attributes);
        if (server && (!isOwnUid(attributes, ownUid) || (mode & ANY_ACCESS_BY_OTHERS) != 0)) {
            String user = ownName(ownUid);
            throw new UnsafePlaceException("the control socket's directory " + directory + " is " + permissions(mode)
                    + " and " + owner(directory) + "'s: others could reach the console there; give"
                    + " --control-socket a path in a directory of " + user + "'s alone (chmod 700 it), or none");
        }
        if (!server && !isOwnOrRootUid(attributes, ownUid)) {
            throw new UnsafePlaceException("the control socket's directory " + directory + " is " + owner(directory)
                    + "'s, neither yours nor root's: not attaching (a server of another user's could pose as yours)");
        }
    }

    private static String realPath(Path socket) {
        try {
            return " (" + socket.getParent().toRealPath().resolve(socket.getFileName()) + " now)";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isOwnOrRootUid(Map<String, Object> attributes, int ownUid) {
        return uid(attributes) == ownUid || uid(attributes) == 0;
    }

    private static int mode(Map<String, Object> attributes) {
        return (Integer) attributes.get("mode");
    }

    private static int uid(Map<String, Object> attributes) {
        return (Integer) attributes.get("uid");
    }

    /** {@code rwxr-xr-x}, with {@code t} for sticky, as {@code ls} shows it. */
    private static String permissions(int mode) {
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            text.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        if ((mode & STICKY) != 0) {
            text.setCharAt(8, (mode & 1) != 0 ? 't' : 'T');
        }
        return text.toString();
    }
}
