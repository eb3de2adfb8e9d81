import type { AppError } from "@/lib/procedures/result";

/** Thrown inside an action to return a specific, already-safe error to the caller. */
export class ActionFailure extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = "ActionFailure";
  }
}
