import { Button } from "@/components/ui/button";

/** A trunk's or rule's Edit and Delete, for admins (the server checks the role again). */
export function RowActions({
  name,
  onEdit,
  onDelete,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <td className="space-x-1 whitespace-nowrap px-3 py-2 text-right">
      <Button size="sm" variant="secondary" onClick={onEdit} aria-label={`Edit ${name}`}>
        Edit
      </Button>
      <Button size="sm" variant="ghost" onClick={onDelete} aria-label={`Delete ${name}`}>
        Delete
      </Button>
    </td>
  );
}
