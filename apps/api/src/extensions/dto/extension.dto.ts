import { PageQueryDto } from '../../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsDateInWindow } from '../../common/date-window';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RequestExtensionDto {
  @ApiProperty({ description: '延期理由' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ example: '2023-03-31', description: '申请的新完成时限' })
  @IsDateInWindow()
  proposedDate: string;
}

export class ApproveExtensionDto {
  @ApiPropertyOptional({ description: '审批意见' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectExtensionDto {
  @ApiProperty({ description: '不同意的理由' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

export class ListExtensionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  taskId?: string;
}

export class ExtensionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() taskTitle: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) currentDueDate: string | null;
  @ApiProperty() proposedDate: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) decisionComment: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
