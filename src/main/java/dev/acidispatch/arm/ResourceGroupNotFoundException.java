package dev.acidispatch.arm;

import java.util.Optional;

/**
 * The resource group itself does not exist (ARM's 404 {@code ResourceGroupNotFound}): a configuration error, not a
 * missing resource, so it is never read as "the group is gone".
 */
public class ResourceGroupNotFoundException extends ResourceNotFoundException {
    public ResourceGroupNotFoundException(String message, int httpStatus, Optional<String> requestId, Throwable cause) {
        super(message, "ResourceGroupNotFound", httpStatus, requestId, cause);
    }
}
