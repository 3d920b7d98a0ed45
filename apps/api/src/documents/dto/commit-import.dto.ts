import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDateInWindow } from '../../common/date-window';

const MEASURE_NUMBER = /^\d{1,3}(-\d{1,2})?$/;

/** Assign units to a measure (or to one of its tasks): the first unit leads. */
export class AssignmentCorrectionDto {
  @ApiProperty({ example: '19-1' }) @IsString() @Matches(MEASURE_NUMBER) measure: string;
  @ApiPropertyOptional({ description: "0-based index into the measure's tasks; omitted = every task of the measure" })
  @IsOptional()
  @IsInt()
  @Min(0)
  taskIndex?: number;
  @ApiProperty({ example: ['区财政局', '区税务局'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(100, { each: true })
  units: string[];
}

/** Fix a deadline: a date, or ongoing (长期). */
export class DeadlineCorrectionDto {
  @ApiProperty({ example: '3' }) @IsString() @Matches(MEASURE_NUMBER) measure: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) taskIndex?: number;
  @ApiPropertyOptional({ example: '2022-12-31' }) @IsOptional() @IsDateInWindow() date?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() ongoing?: boolean;
}

/** Teach the importer that `alias` names `unit` (kept for future imports). */
export class AliasCorrectionDto {
  @ApiProperty({ example: '区发改局' }) @IsString() @MinLength(2) @MaxLength(100) alias: string;
  @ApiProperty({ example: '区发展改革局' }) @IsString() @MinLength(2) @MaxLength(100) unit: string;
}

export class CommitImportDto {
  @ApiPropertyOptional({ type: [AssignmentCorrectionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AssignmentCorrectionDto)
  assignments?: AssignmentCorrectionDto[];

  @ApiPropertyOptional({ type: [DeadlineCorrectionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => DeadlineCorrectionDto)
  deadlines?: DeadlineCorrectionDto[];

  @ApiPropertyOptional({ type: [AliasCorrectionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AliasCorrectionDto)
  aliases?: AliasCorrectionDto[];
}

export interface ImportCorrections {
  assignments?: { measure: string; taskIndex?: number; units: string[] }[];
  deadlines?: { measure: string; taskIndex?: number; date?: string; ongoing?: boolean }[];
  aliases?: { alias: string; unit: string }[];
}
