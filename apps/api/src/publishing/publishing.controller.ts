import { Controller, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { Post } from '../common/write-routes';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { PublishingService } from './publishing.service';

class PublishResultDto {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ enum: ['published'] }) status: 'published';
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ description: '本次交办的任务数' }) tasks: number;
  @ApiProperty({ description: '涉及的单位数' }) units: number;
  @ApiProperty({ description: '新写入的交办通知数（每单位一条）' }) notifications: number;
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class PublishingController {
  constructor(private readonly publishing: PublishingService) {}

  @Post(':id/publish')
  @Roles('office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '交办：发布文件的全部任务并通知各责任单位（每单位一条通知）。重复交办返回 409 ALREADY_PUBLISHED，不产生任何变化' })
  @ApiOkResponse({ type: PublishResultDto })
  @ApiConflictResponse({ description: 'ALREADY_PUBLISHED' })
  @ApiUnprocessableEntityResponse({ description: 'PUBLISH_UNASSIGNED_MEASURES：details.measures 列出尚无牵头单位的措施' })
  publish(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PublishResultDto> {
    return this.publishing.publish(user, id);
  }
}
