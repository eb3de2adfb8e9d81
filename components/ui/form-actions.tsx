import { Button } from "@/components/ui/button";

type Props = { onCancel: () => void; pending: boolean; label: string; pendingLabel: string };

/** The footer of every dialog form: Cancel, then the submit button with its pending state. */
export function FormActions({ onCancel, pending, label, pendingLabel }: Props) {
  return (
    <div className="flex justify-end gap-2 pt-2">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" busy={pending}>
        {pending ? pendingLabel : label}
      </Button>
    </div>
  );
}
