// Names of generated migrations, as Django suggests them: 0001_initial, then from the
// operations (0002_post_slug, 0003_remove_post_body), 'auto' when they are of mixed kinds.
import type { Operation } from './operations/operation';

const MAX_NAME = 50;

function args(operation: Operation): Record<string, string> {
  return operation.deconstruct() as Record<string, string>;
}

const lower = (name: string) => name.toLowerCase();

/** The fragment one operation gives a name, or undefined when it has none (RunSQL ...). */
export function nameFragment(operation: Operation): string | undefined {
  const a = args(operation);
  switch (operation.operationName) {
    case 'CreateModel': return lower(a.name);
    case 'DeleteModel': return `delete_${lower(a.name)}`;
    case 'RenameModel': return `rename_${lower(a.oldName)}_${lower(a.newName)}`;
    case 'AlterModelTable': return `alter_${lower(a.name)}_table`;
    case 'AlterModelOptions': return `alter_${lower(a.name)}_options`;
    case 'AddField': return `${lower(a.modelName)}_${lower(a.name)}`;
    case 'RemoveField': return `remove_${lower(a.modelName)}_${lower(a.name)}`;
    case 'AlterField': return `alter_${lower(a.modelName)}_${lower(a.name)}`;
    case 'RenameField': return `rename_${lower(a.oldName)}_${lower(a.modelName)}_${lower(a.newName)}`;
    case 'AddIndex': return `${lower(a.modelName)}_${lower((operation.deconstruct().index as { name: string }).name)}`;
    case 'RemoveIndex': return `remove_${lower(a.modelName)}_${lower(a.name)}`;
    case 'RenameIndex': return `rename_${lower(a.oldName)}_${lower(a.newName)}`;
    case 'AddConstraint': return `${lower(a.modelName)}_${lower((operation.deconstruct().constraint as { name: string }).name)}`;
    case 'RemoveConstraint': return `remove_${lower(a.modelName)}_${lower(a.name)}`;
    default: return undefined;
  }
}

const KIND = (operation: Operation) => (operation.operationName === 'CreateModel' || operation.operationName === 'AddField' ? 'add' : operation.operationName);

/** The name after the number: 'initial', 'post_slug', 'post_slug_post_summary', 'post_a_and_more', 'auto'. */
export function suggestName(operations: readonly Operation[], initial: boolean): string {
  if (initial) return 'initial';
  // The AlterField that drops a one-off default belongs to its AddField: it does not name the migration.
  const added = new Set<string>();
  operations = operations.filter((operation) => {
    const a = args(operation);
    const key = `${a.modelName}.${a.name}`;
    if (operation.operationName === 'AddField') added.add(key);
    return !(operation.operationName === 'AlterField' && added.has(key));
  });
  const fragments = operations.map(nameFragment);
  if (!fragments.length || fragments.some((fragment) => !fragment)) return 'auto';
  // Creates and added fields read well together; other mixes do not.
  if (new Set(operations.map(KIND)).size > 1) return 'auto';
  let name = fragments[0]!.replace(/[^a-z0-9_]/g, '_');
  if (name.length > MAX_NAME) return 'auto';
  for (const fragment of fragments.slice(1)) {
    const next = `${name}_${fragment}`;
    if (next.length > MAX_NAME) return `${name}_and_more`.length <= MAX_NAME + 9 ? `${name}_and_more` : 'auto';
    name = next;
  }
  return name;
}

/** The number of an app's next migration: one past the highest name. */
export function nextNumber(names: readonly string[]): number {
  return names.reduce((highest, name) => Math.max(highest, Number(/^(\d+)_/.exec(name)?.[1] ?? 0)), 0) + 1;
}

export function migrationName(number: number, suffix: string): string {
  return `${String(number).padStart(4, '0')}_${suffix}`;
}

/** A --name given by the user must make a valid file name. */
export function validName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}
