// The operations migration files use, callable without `new`: operations.AddField({...}).
import { callable } from '../../callable';
import * as fieldOperations from './field-operations';
import * as indexOperations from './index-operations';
import * as modelOperations from './model-operations';
import * as special from './special-operations';

export const CreateModel = callable(modelOperations.CreateModel);
export const DeleteModel = callable(modelOperations.DeleteModel);
export const RenameModel = callable(modelOperations.RenameModel);
export const AlterModelTable = callable(modelOperations.AlterModelTable);
export const AlterModelOptions = callable(modelOperations.AlterModelOptions);
export const AlterUniqueTogether = callable(modelOperations.AlterUniqueTogether);
export const AddField = callable(fieldOperations.AddField);
export const RemoveField = callable(fieldOperations.RemoveField);
export const AlterField = callable(fieldOperations.AlterField);
export const RenameField = callable(fieldOperations.RenameField);
export const AddIndex = callable(indexOperations.AddIndex);
export const RemoveIndex = callable(indexOperations.RemoveIndex);
export const RenameIndex = callable(indexOperations.RenameIndex);
export const AddConstraint = callable(indexOperations.AddConstraint);
export const RemoveConstraint = callable(indexOperations.RemoveConstraint);
export const RunSQL = callable(special.RunSQL);
export const RunCode = callable(special.RunCode);
export const SeparateDatabaseAndState = callable(special.SeparateDatabaseAndState);
export { Operation } from './operation';
export type { RunCodeContext } from './special-operations';
