import { z } from "zod";

export const PROJECT_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const projectNameSchema = z
  .string({ error: "Project is required" })
  .regex(PROJECT_NAME, "Project names are 1-40 lower-case letters, digits and dashes");
