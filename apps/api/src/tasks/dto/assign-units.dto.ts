import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { VersionedDto } from './transition.dto';

export class TaskUnitAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: ['lead', 'co'] })
  @IsIn(['lead', 'co'])
  role: 'lead' | 'co';

  @ApiPropertyOptional({ format: 'uuid', description: '责任科室（须属于该单位）' })
  @IsOptional()
  @IsUUID()
  sectionId?: string;
}

/** Replaces a task's units; at least one lead (the first given is the principal one). Units kept keep their sign-for receipt. */
export class AssignUnitsDto extends VersionedDto {
  @ApiProperty({ type: [TaskUnitAssignmentDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TaskUnitAssignmentDto)
  units: TaskUnitAssignmentDto[];
}
