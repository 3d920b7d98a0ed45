/**
 * Creates the first coordination-office account on a new installation.
 *
 *   npm run -s create-office-user -- --username admin [--display-name 统筹办管理员] [--reset]
 *
 * The password comes from --password or, better (kept out of shell history), from the
 * OFFICE_PASSWORD environment variable. An existing username is left alone (exit 1) unless
 * --reset is given, which sets the password, makes the account an enabled office account and
 * ends its sessions. Every change is audited like one made through the API.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { UserEntity } from '@luoshi/domain/entities';
import { flattenValidationErrors } from '../common/validation.pipe';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { normalizeUsername } from '../users/username';
import { UsersService } from '../users/users.service';
import { PrincipalCache } from '../auth/principal-cache';
import { createCliContext } from './cli-context';

const USAGE = `usage: npm run -s create-office-user -- --username <name> [--password <pw> | env OFFICE_PASSWORD] [--display-name <name>] [--reset]`;

@Module({ providers: [UsersService, PrincipalCache] })
class CreateOfficeUserModule {}

function fail(message: string, exitCode: number): never {
  process.stderr.write(`create-office-user: ${message}\n`);
  process.exit(exitCode);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        'display-name': { type: 'string' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`, 2);
  }
}

async function main(): Promise<void> {
  const values = parseCommandLine();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const input = plainToInstance(CreateUserDto, {
    username: values.username,
    password: values.password ?? process.env.OFFICE_PASSWORD,
    displayName: values['display-name'] ?? '统筹办管理员',
    role: 'office',
  });
  const problems = flattenValidationErrors(await validate(input));
  if (problems.length) fail(`${problems.map((p) => `${p.field}: ${p.code}`).join(', ')}\n${USAGE}`, 2);

  const app = await createCliContext(CreateOfficeUserModule);
  try {
    const users = app.get(UsersService);
    const username = normalizeUsername(input.username);
    const existing = await app
      .get(DataSource)
      .getRepository(UserEntity)
      .findOne({ where: { username }, select: { id: true } });
    if (existing && !values.reset) {
      process.stderr.write(
        `create-office-user: user "${username}" already exists; nothing changed (--reset sets its password and makes it an enabled office account)\n`,
      );
      process.exitCode = 1;
    } else if (existing) {
      await users.update(null, existing.id, { password: input.password, role: 'office', unitId: null, disabled: false, displayName: input.displayName });
      process.stdout.write(`reset office user "${username}" (existing sessions ended)\n`);
    } else {
      await users.create(null, input);
      process.stdout.write(`created office user "${username}"\n`);
    }
  } finally {
    await app.close();
  }
}

main().catch((err) => fail((err as Error).message, 1));
