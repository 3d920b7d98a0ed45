import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { AuditedWriter } from './audited-writer';

/** Global: every feature records through the one AuditService and AuditedWriter. */
@Global()
@Module({ providers: [AuditService, AuditedWriter], exports: [AuditService, AuditedWriter] })
export class AuditModule {}
