import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

/** GET /documents */
export class ListDocumentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '按文件标题或文号查找' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** GET /documents/:id/measures */
export class ListMeasuresQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '按措施编号、标题或其任务标题查找' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;
}
