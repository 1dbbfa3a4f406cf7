package dev.acidispatch.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A sandboxed group's volumes as local directories. A sandbox process cannot mount anything at {@code /mnt/...}, so
 * every volume lives under one temporary root, at {@code <root><mountPath>}, and each process of the group gets the
 * root in {@value #ROOT_VARIABLE}. A command written as {@code "$ACI_SANDBOX_ROOT/mnt/data/file"} therefore reaches
 * the volume both here and on ACI, where the variable is unset and the path is {@code /mnt/data/file}.
 * <ul>
 *   <li>emptyDir: an empty directory, shared by the group's processes;</li>
 *   <li>secret: a directory holding one file per entry, decoded from base64 as ACI does, readable only by the
 *   user running the sandbox, and without write permission when every mount is read-only (a process running as
 *   root can still write: read-only is best effort here);</li>
 *   <li>azureFile: an empty directory; nothing from Azure Files is mounted, and the group's first container log
 *   says so.</li>
 * </ul>
 * Every container sees every volume (mounts are per group here, not per container). The root is deleted with the
 * group.
 */
final class SandboxVolumes {
    static final String ROOT_VARIABLE = "ACI_SANDBOX_ROOT";
    private static final Logger LOG = Logger.getLogger(SandboxVolumes.class.getName());

    private final Path root;
    private final List<String> notices;

    private SandboxVolumes(Path root, List<String> notices) {
        this.root = root;
        this.notices = List.copyOf(notices);
    }

    /** Creates the directories of {@code spec}'s volumes; a secret that is not base64 is an {@link IOException}. */
    static SandboxVolumes create(GroupSpec spec) throws IOException {
        Path root = Files.createTempDirectory("aci-sandbox-" + spec.name() + "-volumes-");
        List<String> notices = new ArrayList<>();
        for (JsonNode volume : spec.properties().path("volumes")) {
            String name = volume.path("name").asText();
            List<String> mountPaths = spec.mountPaths(name);
            if (mountPaths.isEmpty()) {
                continue;
            }
            // One directory per volume; further mount paths of the same volume are links to it.
            Path dir = directory(root, mountPaths.get(0));
            for (String other : mountPaths.subList(1, mountPaths.size())) {
                Path link = root.resolve(relative(other));
                if (!Files.exists(link)) {
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, dir);
                }
            }
            if (volume.has("secret")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = volume.get("secret").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> file = it.next();
                    byte[] content;
                    try {
                        content = Base64.getDecoder().decode(file.getValue().asText());
                    } catch (IllegalArgumentException e) {
                        throw new IOException("secret volume '" + name + "': file '" + file.getKey()
                                + "' is not base64 (ACI takes secret volume files base64-encoded)");
                    }
                    Path target = dir.resolve(file.getKey());
                    Files.write(target, content);
                    ownerOnly(target, "rw-------");
                }
                ownerOnly(dir, spec.mountedReadOnlyEverywhere(name) ? "r-x------" : "rwx------");
            } else if (volume.has("azureFile")) {
                String share = volume.path("azureFile").path("shareName").asText();
                notices.add("[sandbox] azureFile volume '" + name + "' (share '" + share + "') is an empty local "
                        + "directory at $" + ROOT_VARIABLE + mountPaths.get(0) + ": nothing from Azure Files is "
                        + "mounted in sandbox mode");
            }
        }
        notices.forEach(LOG::info);
        return new SandboxVolumes(root, notices);
    }

    private static Path directory(Path root, String mountPath) throws IOException {
        return Files.createDirectories(root.resolve(relative(mountPath)));
    }

    private static String relative(String mountPath) {
        String path = mountPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    private static void ownerOnly(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the temporary directory's own protection applies.
        }
    }

    Path root() {
        return root;
    }

    /** Lines the group's first container log starts with (azureFile volumes that are only empty directories). */
    List<String> notices() {
        return notices;
    }

    /** Deletes the root and everything in it (best effort: a process may still hold a file). */
    void delete() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    ownerOnly(dir, "rwx------");
                    return FileVisitResult.CONTINUE;
                }
            });
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.fine(() -> "sandbox: could not delete " + root + ": " + e.getMessage());
        }
    }

    /** The notices as log text. */
    String noticeText() {
        StringBuilder text = new StringBuilder();
        notices.forEach(n -> text.append(n).append('\n'));
        return text.toString();
    }
}
