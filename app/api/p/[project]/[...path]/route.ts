import { routesOf } from "@/lib/procedures/pipeline/http";
import { allProcedures } from "@/lib/procedures/registry";

export const dynamic = "force-dynamic";

/** Every GET under /api/p/<project>/ comes from a procedure that declares its route. */
export const GET = routesOf(allProcedures);
