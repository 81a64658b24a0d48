// Compile-time shape of the public API (checked by `npm run typecheck`): the user
// models keep their fields and methods typed through extend(), relations to User
// type-check, and the guards keep a view's type.
import { AbstractUser, User, authenticate, login, loginRequired, LoginRequiredMixin, PermissionsMixin } from '../../src/contrib/auth';
import { EmailField, ForeignKey, model, TextField, type Manager } from '../../src/orm';
import { View } from '../../src/views';
import type { Request } from '../../src/http';
import { HttpResponse } from '../../src/http';

class Member extends PermissionsMixin.extend({ email: EmailField({ unique: true }) }, { appLabel: 'accounts' }) {
  static USERNAME_FIELD = 'email';
}
class Profile extends AbstractUser.extend({ bio: TextField({ blank: true }) }, { appLabel: 'accounts' }) {}
class Post extends model({ author: ForeignKey(() => User, { onDelete: 'CASCADE' }) }, { appLabel: 'blog' }) {
  declare static objects: Manager<Post>;
}

async function usesTypes(user: User, member: Member, profile: Profile, post: Post): Promise<string> {
  const perms: boolean = await member.hasPerm('blog.add_post');
  const name: string = user.username + profile.bio + member.email + user.getFullName();
  const flags: boolean[] = [user.isStaff, user.isSuperuser, user.isAuthenticated, await user.checkPassword('x'), perms];
  const created = await User.objects.createUser({ username: 'x' });
  const id: number | string = post.authorId;
  return `${name}${flags.length}${String(created)}${id}`;
}

// docs/auth.md's login view, as written there: authenticate() gives a user that login() takes.
async function signIn(request: Request): Promise<HttpResponse> {
  const form = await request.form();
  const user = await authenticate(request, { username: form.get('username'), password: form.get('password') });
  if (!user) return new HttpResponse('refused', { status: 401 });
  await login(request, user);
  return new HttpResponse(user.getUsername());
}

// Without a request (a shell, a script): the same user type, or null.
async function checkCredentials(): Promise<string | null> {
  const user = await authenticate({ username: 'ann', password: 'secret' });
  const member = await authenticate<Member>(null, { email: 'ann@example.com', password: 'secret' });
  return user ? user.getUsername() : (member?.email ?? null);
}

const guarded = loginRequired(async (_request: Request, { id }: { id: number }) => new HttpResponse(String(id)));
class Private extends LoginRequiredMixin(View) {
  async get() {
    return new HttpResponse('ok');
  }
}

it('types the public API (see npm run typecheck)', () => {
  expect(typeof usesTypes).toBe('function');
  expect(typeof guarded).toBe('function');
  expect(typeof signIn).toBe('function');
  expect(typeof checkCredentials).toBe('function');
  expect(typeof Private.asView()).toBe('function');
  expect(Member.USERNAME_FIELD).toBe('email');
});
