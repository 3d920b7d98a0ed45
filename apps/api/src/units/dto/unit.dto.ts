import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto, queryBoolean } from '../../common/page-query.dto';

/** bureau: a department (区发展改革局); town: 镇/街道; collective: a placeholder such as 各镇、街道 */
export const UNIT_KINDS = ['bureau', 'town', 'collective'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UnitSectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '商贸流通和社会事业科' }) name: string;
}

export class UnitResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '区发展改革局', description: '规范名称' }) name: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String], example: ['区发展改革委'], description: '文件中出现的其他写法' }) aliases: string[];
  @ApiProperty({ type: [UnitSectionDto] }) sections: UnitSectionDto[];
}

export class CreateUnitDto {
  @ApiProperty({ example: '区发展改革局' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind: UnitKind;
}

/** absent = unchanged; null is refused */
export class UpdateUnitDto {
  @ApiPropertyOptional({ example: '区发展和改革局' })
  @ValidateIf((dto: UpdateUnitDto) => dto.name !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @ValidateIf((dto: UpdateUnitDto) => dto.kind !== undefined)
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ description: '停用后不能再绑定新账号' })
  @ValidateIf((dto: UpdateUnitDto) => dto.active !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class AddAliasDto {
  @ApiProperty({ example: '区发展改革委' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  alias: string;
}

export class AddSectionDto {
  @ApiProperty({ example: '商贸流通和社会事业科' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class ListUnitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '名称或别名包含' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ description: 'true：只看在用单位' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}
