package dev.acidispatch.arm;

import java.util.Optional;

/**
 * The deployment (or container group) of that name is still being deleted: ARM refuses a PUT meanwhile with 409
 * {@code DeploymentBeingDeleted} ("cannot be edited because it is being deleted. Please wait for deletion to
 * finish", Azure/data-factory-deploy-action#25). Deploying again once the delete has finished succeeds.
 */
public class ResourceBeingDeletedException extends ArmConflictException {
    public ResourceBeingDeletedException(String message, String code, int httpStatus, Optional<String> requestId,
                                         Throwable cause) {
        super(message, code, httpStatus, requestId, cause);
    }
}
