package dev.acidispatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a job message from a file, or from standard input when the name is "-". */
final class JobInput {
    private JobInput() {
    }

    static byte[] read(String fileOrDash, InputStream stdin) {
        if ("-".equals(fileOrDash)) {
            try {
                return stdin.readAllBytes();
            } catch (IOException e) {
                throw new Dispatchctl.UsageException("cannot read the job message from standard input: " + e.getMessage());
            }
        }
        Path path = Path.of(fileOrDash);
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new Dispatchctl.UsageException("cannot read " + fileOrDash + ": no such file");
        } catch (IOException e) {
            throw new Dispatchctl.UsageException("cannot read " + fileOrDash + ": " + e.getMessage());
        }
    }
}
